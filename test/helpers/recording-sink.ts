// A sink that records what it was asked to deliver, for asserting on notices and compilations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalReportStore } from '../../store/local/report-store';
import type { NoticeSink } from '../../activities/notices';
import type { Notice } from '../../domain/obligation/notice';
import type { Compilation } from '../../domain/obligation/compilation';
import type { AnnualSummary } from '../../domain/obligation/annual';

export class RecordingSink implements NoticeSink {
  readonly ladder: Notice[] = [];
  readonly compilations: Compilation[] = [];
  readonly annual: AnnualSummary[] = [];
  readonly reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-reports-'));
  readonly reports = new LocalReportStore(this.reportsDir);
  /** Recorded in the obligation's own workflow task, as a worker with channels queues it. */
  async queue(n: Notice): Promise<'delivered'> {
    this.ladder.push(n);
    return 'delivered';
  }
  async deliverNotice(n: Notice): Promise<void> {
    this.ladder.push(n);
  }
  async deliverCompilation(c: Compilation): Promise<void> {
    this.compilations.push(c);
  }
  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    this.annual.push(a);
  }
  /** Every activity dependency: notices recorded here, reports in a fresh temporary store. */
  deps() {
    return { notices: this, reports: this.reports };
  }
}
