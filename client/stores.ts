// duban's stores as the surfaces hold them: opened from the environment (the embedded data folder, or PostgreSQL
// with DUBAN_DATABASE_URL; store/from-env.ts chooses), and the types of the ones they pass around. The CLI and the
// web server reach the store room only through here.
import type { PlanFiles } from '../store/plan-files';
import { LocalPlanFiles } from '../store/local/plan-files';

export { openStores, type Stores } from '../store/from-env';
export type { ReportStore } from '../store/report-store';
export type { LinkVersions } from '../store/link-versions';
export type { PlanFiles } from '../store/plan-files';

/** The plan files saved in a folder (`<plan id>.yaml`), for a board run without a configured store. */
export const planFilesIn = (dir: string): PlanFiles => new LocalPlanFiles(dir);
