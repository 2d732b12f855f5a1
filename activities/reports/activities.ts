// The report activity: keeps a submitted report in the report store and answers its reference.
import type { AttachmentRef, ReportRef } from '../../domain/obligation/report';
import type { ReportStore } from '../../store/report-store';

export function createReportActivities(deps: { reports: ReportStore }) {
  return {
    async storeReport(r: {
      obligation: string;
      receipt: string;
      text: string;
      figures: Record<string, number>;
      attachments: AttachmentRef[];
    }): Promise<ReportRef> {
      return deps.reports.putReport(r.obligation, r.receipt, { text: r.text, figures: r.figures, attachments: r.attachments });
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
