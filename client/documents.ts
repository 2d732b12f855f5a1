// The office's 公文 on demand, for the CLI (`duban doc`) and the board's downloads: the data of each kind read
// from the running plan (an obligation, a round, the plan's ledger), the document built in domain/documents,
// numbered in duban's store and written as .docx by the same issuer the worker's mail uses.
import type { Client } from '@temporalio/client';
import { DocumentIssuer, IssuedDocument, PlanDocuments } from '../activities/documents/issuer';
import { noticeIdentity } from '../config/mail';
import {
  annualReport,
  assessmentReport,
  circular,
  compilationReport,
  lookBackNotice,
  rectificationNotice,
  supervisionNotice,
} from '../domain/documents/contents';
import { DOCUMENT_KINDS, DocumentKind, documentKindOf } from '../domain/documents/model';
import { annualSummary } from '../domain/obligation/annual';
import { kindOf } from '../domain/obligation/ids';
import { isClosed, isOwing, STAGE_ZH, TimelineEntry } from '../domain/obligation/state';
import { compile } from '../domain/obligation/compilation';
import { describeRules } from '../domain/scoring/rules';
import { annualRanking, scoreUnits } from '../domain/scoring/score';
import { openStores, Stores } from '../store/from-env';
import { obligationState, roundSnapshots, roundSpec } from '../domain/contract/messages';
import { unpackRound } from '../domain/obligation/packed-round';
import { AppError, Refused } from './errors';
import { obligationView } from './operations';
import { refusing } from './refusals';
import { planLedgerOf } from './plan-runs';
import { arrangedScoringRules } from './plan-arrangements';

export { DOCUMENT_KINDS, type DocumentKind, type IssuedDocument };

/** The kind a user named, or a Chinese error listing the kinds. */
export function documentKind(word: string): DocumentKind {
  const kind = documentKindOf(word);
  if (!kind) throw new AppError(`未知的文书种类：${word}（可选：${Object.values(DOCUMENT_KINDS).join('、')}）`);
  return kind;
}

/** What each kind is asked for by. */
export const DOCUMENT_SUBJECT: Record<DocumentKind, string> = {
  supervision: '报送事项编号',
  circular: '轮次编号',
  compilation: '轮次编号',
  annual: '方案编号',
  assessment: '方案编号',
  lookback: '回头看轮次编号',
  rectification: '整改事项编号',
};

/** The issuer of a process: the store's numbers from the environment, the plan's settings from its memo. */
export function documentIssuer(client: Client, stores: () => Promise<Stores>, env: NodeJS.ProcessEnv = process.env): DocumentIssuer {
  const { issuer, contact } = noticeIdentity(env);
  return new DocumentIssuer({
    numbers: async () => (await stores()).documentNumbers(),
    fallbackIssuer: issuer,
    contact,
    temporal: () => client,
  });
}

/** Runs `fn` with an issuer whose store is opened on first use and closed afterwards (one CLI command). */
export async function withDocumentIssuer<T>(client: Client, fn: (issuer: DocumentIssuer) => Promise<T>): Promise<T> {
  let opened: Promise<Stores> | undefined;
  try {
    return await fn(documentIssuer(client, () => (opened ??= openStores())));
  } finally {
    if (opened) await (await opened).close();
  }
}

/** Timelines of the rows still owing, read from their obligations (for the escalation history of a 通报). */
async function timelinesOf(client: Client, ids: string[]): Promise<Record<string, TimelineEntry[]>> {
  const out: Record<string, TimelineEntry[]> = {};
  for (let i = 0; i < ids.length; i += 8)
    await Promise.all(
      ids.slice(i, i + 8).map(async (id) => {
        try {
          out[id] = (await client.workflow.getHandle(id).query(obligationState)).timeline;
        } catch {
          // closed a moment ago or gone: its level says what it reached
        }
      }),
    );
  return out;
}

async function roundOf(client: Client, id: string) {
  const h = client.workflow.getHandle(id);
  return refusing(async () => ({ spec: unpackRound(await h.query(roundSpec)), rows: await h.query(roundSnapshots) }), `未找到轮次 ${id}`);
}

/** The plan's facts its documents quote: from its memo, else what its id and the issuer give. */
function planFacts(plan: string, p: PlanDocuments) {
  const year = p.year ?? Number(/\d{4}/.exec(plan)?.[0] ?? new Date().getFullYear());
  return { plan, title: p.title ?? plan, year, supervisor: p.supervisor ?? p.settings.issuer };
}

/** Builds, numbers and writes the document of `kind` for `id`, as it stands now. */
export async function issueDocument(client: Client, issuer: DocumentIssuer, kind: DocumentKind, id: string): Promise<IssuedDocument> {
  const nowMs = Date.now();
  switch (kind) {
    case 'supervision':
    case 'rectification': {
      const { spec, state } = await obligationView(client, id);
      // The working days the obligation follows (its plan's arrangements and those told to it since).
      const c = { ...(await issuer.context(spec.plan)), holidays: spec.ladderConfig.holidays };
      if (kind === 'rectification') {
        if (kindOf(spec) !== 'rectification') throw new Refused(`${id} 不是整改事项，无法生成整改通知`);
        return issuer.issue(rectificationNotice(spec, state, c));
      }
      if (!isOwing(state.stage) || Date.parse(state.due) > nowMs)
        throw new Refused(`${id} 当前状态为“${STAGE_ZH[state.stage]}”，截止 ${state.due.slice(0, 10)}，未逾期未报，无需督办`);
      return issuer.issue(supervisionNotice(spec, state, c));
    }
    case 'circular':
    case 'compilation':
    case 'lookback': {
      const { spec, rows } = await roundOf(client, id);
      const c = await issuer.context(spec.plan);
      if (kind === 'lookback') {
        if (spec.kind !== 'lookback') throw new Refused(`${id} 不是回头看轮次，无法生成回头看通知`);
        return issuer.issue(lookBackNotice(spec, c));
      }
      if (kind === 'circular') {
        const owing = rows.filter((r) => isOwing(r.stage) && Date.parse(r.due) < nowMs).map((r) => r.id);
        const { holidays } = await arrangedScoringRules(client, spec.plan);
        return issuer.issue(circular(spec, rows, { ...c, holidays }, await timelinesOf(client, owing)));
      }
      const edition = rows.every((r) => isClosed(r.stage)) ? 'final' : 'deadline';
      const targets = [...new Map(spec.obligations.flatMap((o) => o.targets ?? []).map((t) => [t.id, t])).values()];
      return issuer.issue(compilationReport(compile(spec, rows, edition, c.at, spec.round), { ...spec, targets }, rows, c));
    }
    case 'annual':
    case 'assessment': {
      const [ledger, rules, p] = await Promise.all([planLedgerOf(client, id), arrangedScoringRules(client, id), issuer.planDocuments(id)]);
      const c = await issuer.context(id);
      const facts = planFacts(id, p);
      const units = scoreUnits(ledger, rules, nowMs);
      if (kind === 'assessment') return issuer.issue(assessmentReport(facts, units, describeRules(rules), c));
      return issuer.issue(annualReport({ ...annualSummary(facts, ledger, c.at, id), ranking: annualRanking(units) }, c));
    }
  }
}

let processStores: Promise<Stores> | undefined;

/** The store this process numbers documents in (the portal's): opened on first use, kept while it runs. */
export const processDocumentStores = (): Promise<Stores> => (processStores ??= openStores());

/** Content-Disposition of a download: an ASCII name, and the Chinese one in RFC 5987 encoding. */
export const contentDisposition = (ascii: string, name: string): string =>
  `attachment; filename="${ascii.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
