// The worker's workflow bundle entry point: every workflow type duban registers.
export { obligationTimer } from './obligation-timer';
export { obligationWorkflow } from './obligation';
export { roundWorkflow } from './round';
export { planWorkflow } from './plan';
