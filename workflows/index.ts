// The worker's workflow bundle entry point: every workflow type duban registers.
export { obligationWorkflow, obligationWorkflowV2 } from './obligation';
export { roundWorkflow } from './round';
export { planWorkflow } from './plan';
