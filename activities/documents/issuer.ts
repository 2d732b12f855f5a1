// Issues the office's 公文: the plan's document settings (from its workflow's memo, written at start), the next
// 发文字号 from duban's store for what the document is for, and the .docx. Shared by the mail of a 督办 or 通报
// (which carries its document) and by the application layer (the CLI's `duban doc`, the board's downloads).
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DocumentNumbers } from '../../store/document-numbers';
import { DocumentSettings, documentNumber, documentSettings, numberingSeries } from '../../domain/plan/issuer-schema';
import { DOCUMENT_KINDS, type DocumentIssuedSignal, OfficialDocument } from '../../domain/documents/model';
import { circular, IssueContext, supervisionNotice } from '../../domain/documents/contents';
import { noticeHolidays, SENDER_FIRST_MS, type Notice, type SupervisionFacts } from '../../domain/obligation/notice';
import { roundOfId, roundTail } from '../../domain/obligation/ids';
import { documentIssued, obligationSpec, obligationState, roundSnapshots, roundSpec } from '../../domain/contract/messages';
import { unpackRound } from '../../domain/obligation/packed-round';
import { writeDocx } from './docx-writer';
import { OwedTellings } from './owed-tellings';
import { isoAt } from '../../domain/calendar/time';

export const DOCUMENTS_MEMO = 'duban-documents';

/** What a plan's memo says for its documents: the settings and the plan's facts its documents quote. */
export interface PlanDocuments {
  settings: DocumentSettings;
  title?: string;
  year?: number;
  supervisor?: string;
}

/** The memo a plan workflow is started with (beside its scoring rules). */
export const documentsMemo = (p: PlanDocuments): Record<string, unknown> => ({ [DOCUMENTS_MEMO]: p });

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface IssuedDocument {
  /** 发文字号, e.g. 江司督〔2026〕12号. */
  number: string;
  fileName: string;
  content: Buffer;
  document: OfficialDocument;
}

/** Documents written ahead and not yet sent, at most. */
const MAX_PREPARED = 5_000;
/** A document written ahead and not taken by then (its notice was taken back) is dropped. */
const PREPARED_FOR_MS = 15 * 60_000;
/** A document written ahead serves only a document that says the same (a notice scheduled again may say otherwise). */
const preparedKey = (d: OfficialDocument) => `${d.key}|${createHash('sha256').update(JSON.stringify(d)).digest('base64')}`;

/**
 * How a document's obligations are told of it. `recordAfter`: later, without holding the document back (a mail in
 * a 09:00 burst): the telling is owed in the store (owed-tellings.ts) and told by this worker, or by another if this
 * one is lost. `notBeforeMs`: not before then (and at most a minute from now): a burst's mails are told when their
 * obligations wake to record their steps, so that thousands of signals do not wake thousands of obligations, most of
 * them out of the worker's cache, while the mails are going out.
 */
export interface RecordTiming {
  recordAfter?: boolean;
  notBeforeMs?: number;
}

/** The line an obligation's timeline records for `document`. */
const signalOf = (document: OfficialDocument, number: string): DocumentIssuedSignal => ({
  kind: document.kind,
  title: DOCUMENT_KINDS[document.kind],
  number,
  at: document.date,
});

export class DocumentIssuer {
  private readonly owed = new OwedTellings({
    numbers: () => this.o.numbers(),
    tell: (signal, recordIn) => this.tell(signal, recordIn),
  });
  private readonly plans = new Map<string, { at: number; p: Promise<PlanDocuments> }>();
  /** Documents written ahead, with the instant their notice is due at on this worker's clock (when known). */
  private readonly prepared = new Map<string, { at: number; written: Promise<IssuedDocument>; readyAtMs?: number }>();

  constructor(
    private readonly o: {
      numbers: () => DocumentNumbers | Promise<DocumentNumbers>;
      /** The issuer named in the environment (DUBAN_ISSUER): plans started without document settings use it. */
      fallbackIssuer: string;
      contact?: string;
      temporal?: () => Client;
      now?: () => number;
      /** How long after a notice's instant its document is told to its obligations (default: when they record it). */
      tellAfterMs?: number;
    },
  ) {}

  /** The worker's client, once it has one (activities get it after the channels are opened). */
  connect(temporal: () => Client): void {
    this.o.temporal ??= temporal;
  }

  get temporal(): (() => Client) | undefined {
    return this.o.temporal;
  }

  /** The plan's document settings and facts; the environment's issuer when its memo has none. */
  async planDocuments(plan: string): Promise<PlanDocuments> {
    const now = Date.now();
    const had = this.plans.get(plan);
    if (had && now - had.at < 60_000) return had.p;
    const p = this.readMemo(plan);
    this.plans.set(plan, { at: now, p });
    return p;
  }

  private async readMemo(plan: string): Promise<PlanDocuments> {
    const fallback: PlanDocuments = { settings: documentSettings({ issuer: this.o.fallbackIssuer }) };
    if (!this.o.temporal) return fallback;
    try {
      const d = await this.o.temporal().workflow.getHandle(plan).describe();
      return (d.memo?.[DOCUMENTS_MEMO] as PlanDocuments | undefined) ?? fallback;
    } catch {
      return fallback;
    }
  }

  /** The context a document of `plan` is issued in, dated now. */
  async context(plan: string): Promise<IssueContext> {
    const p = await this.planDocuments(plan);
    return { settings: p.settings, at: isoAt(this.o.now?.() ?? Date.now()), planTitle: p.title, contact: this.o.contact };
  }

  /** Numbers the document (the same number when it was issued before) and writes it. */
  async issue(document: OfficialDocument, o: RecordTiming = {}): Promise<IssuedDocument> {
    return this.recorded(await this.write(document), o);
  }

  /** Numbers the document and writes its .docx; nobody is told yet. */
  private async write(document: OfficialDocument): Promise<IssuedDocument> {
    const s = document.settings;
    const allocated = await (
      await this.o.numbers()
    ).allocate(numberingSeries(s, document.year), document.key, this.o.now?.() ?? Date.now());
    const number = documentNumber(s, document.year, allocated.n);
    const content = await writeDocx(document, number);
    return { number, fileName: `${document.fileName}.docx`, content, document };
  }

  /** The issued document, once its obligations are told of it (or owed the telling, with `recordAfter`). */
  private async recorded(issued: IssuedDocument, o: RecordTiming): Promise<IssuedDocument> {
    if (!o.recordAfter) await this.record(issued.document, issued.number);
    else await this.owe(issued, o.notBeforeMs ?? Date.now());
    return issued;
  }

  /**
   * Notes on the document's number row that its obligations are owed its line (not before `afterMs`, and at most
   * a minute from now): this worker tells it then, or any worker's sender (tellOwed) if this one is lost meanwhile.
   */
  private async owe(issued: IssuedDocument, afterMs: number): Promise<void> {
    const d = issued.document;
    if (!this.o.temporal || !d.recordIn?.length) return;
    await this.owed.owe({
      series: numberingSeries(d.settings, d.year),
      key: d.key,
      signal: signalOf(d, issued.number),
      recordIn: d.recordIn,
      afterMs: Math.min(afterMs, Date.now() + (this.o.tellAfterMs ?? SENDER_FIRST_MS)),
    });
  }

  /** A sender's look: tells the lines owed by now, a lost worker's included (owed-tellings.ts). */
  tellOwed(nowMs = Date.now()): Promise<void> {
    return this.owed.sweepNow(nowMs);
  }

  /** The worker stops: what is still owed stays in the store for another worker's sender. */
  async stop(): Promise<void> {
    await this.owed.stop();
  }

  /**
   * Writes, before its instant, the 督办通知书 a queued 督办 notice will carry (the sender calls this for the notices
   * due within the next minutes): at 09:00 the mail takes it ready-made, and the rendering's CPU is not spent while
   * hundreds of mails go out. Told to the obligation only when the mail goes. A notice taken back in those minutes
   * (a report came) leaves its number unused. Bounded: past MAX_PREPARED, documents are written when sent.
   * `readyAtMs`: the notice's instant on this worker's clock, after which its obligations are told (afterMail).
   */
  async prepare(n: Notice, readyAtMs?: number): Promise<void> {
    if (n.step !== '督办' || !n.supervision) return;
    const now = Date.now();
    for (const [k, p] of this.prepared) {
      if (now - p.at <= PREPARED_FOR_MS) break; // kept in the order they were written: the rest are younger
      this.prepared.delete(k);
    }
    if (this.prepared.size >= MAX_PREPARED) return;
    const document = await this.supervisionDocument(n);
    const key = preparedKey(document);
    if (this.prepared.has(key)) return;
    const written = this.write(document);
    this.prepared.set(key, { at: now, written, readyAtMs });
    await written.catch(() => this.prepared.delete(key)); // written again when sent, where a failure is retried
  }

  /** Tells the obligations the document concerns, whose timelines record it with its number. */
  private async record(document: OfficialDocument, number: string): Promise<void> {
    if (document.recordIn?.length) await this.tell(signalOf(document, number), document.recordIn);
  }

  /** Signals each obligation (closed ones are past telling). */
  private async tell(signal: DocumentIssuedSignal, recordIn: string[]): Promise<void> {
    const client = this.o.temporal?.();
    if (!client) return;
    for (const id of recordIn) {
      try {
        await client.workflow.getHandle(id).signal(documentIssued, signal);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
  }

  /**
   * The document a notice's mail carries: a 督办 its 督办通知书, a 通报 its round's 通报 (the same document, under
   * one number, for every unit of the round). Other notices carry none.
   */
  async forNotice(n: Notice): Promise<IssuedDocument | undefined> {
    if (n.step !== '督办' && n.step !== '通报') return undefined;
    const c = { ...(await this.context(n.plan)), at: n.at };
    const client = this.o.temporal?.();
    const dutyId = roundTail(roundOfId(n.obligation));
    if (n.step === '督办') {
      const document = await this.supervisionDocument(n);
      const ready = this.prepared.get(preparedKey(document));
      this.prepared.delete(preparedKey(document));
      const written = await ready?.written.catch(() => undefined);
      return this.recorded(written ?? (await this.write(document)), this.afterMail(n, ready?.readyAtMs));
    }
    if (!client) return undefined;
    const round = roundOfId(n.obligation);
    try {
      const h = client.workflow.getHandle(round);
      const [packed, rows] = await Promise.all([h.query(roundSpec), h.query(roundSnapshots)]);
      const spec = unpackRound(packed);
      // The plan's arrangements, as every obligation of the round was started with.
      return this.issue(circular(spec, rows, { ...c, holidays: spec.obligations[0]?.ladderConfig.holidays }), this.afterMail(n));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * A notice's document is told to its obligations after the mail, when they wake to record the notice's step: that
   * long after its instant on this worker's clock (`readyAtMs`, known when it was queued ahead), else after `n.at`.
   */
  private afterMail(n: Notice, readyAtMs = Date.parse(n.at)): RecordTiming {
    return { recordAfter: true, notBeforeMs: readyAtMs + (this.o.tellAfterMs ?? SENDER_FIRST_MS) };
  }

  /** The 督办通知书 of a 督办 notice, dated at its instant. */
  private async supervisionDocument(n: Notice): Promise<OfficialDocument> {
    const c = { ...(await this.context(n.plan)), at: n.at };
    const dutyId = roundTail(roundOfId(n.obligation));
    const { rungs, holidays } = n.supervision
      ? { rungs: n.supervision.rungs, holidays: noticeHolidays(n) }
      : await this.askSupervisionFacts(n.obligation);
    return supervisionNotice({ ...n, id: n.obligation, dutyId }, { due: n.due, timeline: rungs }, { ...c, holidays });
  }

  /** A 督办 notice built before notices carried its facts: the obligation is asked (its query waits for its task). */
  private async askSupervisionFacts(id: string): Promise<SupervisionFacts> {
    const h = this.o.temporal?.().workflow.getHandle(id);
    if (!h) return { rungs: [] };
    const [rungs, holidays] = await Promise.all([
      h.query(obligationState).then(
        (s) => s.timeline,
        () => [],
      ),
      // The working days the obligation follows, for its 逾期 n 个工作日 and the day to answer by.
      h.query(obligationSpec).then(
        (s) => s.ladderConfig.holidays,
        () => undefined,
      ),
    ]);
    return { rungs, holidays };
  }
}
