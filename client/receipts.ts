// Finding a report by its receipt number (回执编号), as a unit reads it out on the phone: the short form is
// matched against the duties of the running plans by its code; the older form (HZ-<obligation id>-<n>) names its
// duty. Either way the duty's own record says which report it is.
import type { Client } from '@temporalio/client';
import { readReceipt, receiptCode } from '../domain/obligation/ids';
import type { Submission } from '../domain/obligation/state';
import { obligationView, type ObligationView } from './operations';
import { planLedgerOf, runningPlans } from './plan-runs';
import { AppError, NotFound } from './errors';

export interface FoundReceipt extends ObligationView {
  /** The report the receipt was given for. */
  submission: Submission;
  /** Its number among the duty's reports (1 for the first). */
  n: number;
}

export async function findReceipt(client: Client, typed: string): Promise<FoundReceipt> {
  const read = readReceipt(typed);
  if (!read) throw new AppError(`“${typed.slice(0, 80)}”不是回执编号（应为 HZ-7K3M-Q9XD-1 这样的编号）`);
  let id: string | undefined;
  if ('obligation' in read) id = read.obligation;
  else
    for (const plan of await runningPlans(client)) {
      id = (await planLedgerOf(client, plan)).find((r) => receiptCode(r.id) === read.code)?.id;
      if (id) break;
    }
  const notFound = `未找到回执 ${typed.trim()}：正在运行的方案中没有这个编号的报告，请核对编号`;
  if (!id) throw new NotFound(notFound);
  const view = await obligationView(client, id).catch((err) => {
    if (err instanceof NotFound) throw new NotFound(notFound);
    throw err;
  });
  const submission = view.state.submissions[read.n - 1];
  const given = 'code' in read ? `HZ-${read.code}-${read.n}` : typed.trim();
  if (submission?.receipt !== given) throw new NotFound(notFound);
  return { ...view, submission, n: read.n };
}
