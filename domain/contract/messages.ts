// The messages duban's workflows accept and answer, shared by workflows, worker and clients.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CancelRequest, ExtendRequest, Receipt, ReviewRequest, SubmitRequest } from '../obligation/lifecycle';
import type { ObligationState } from '../obligation/state';
import type { ObligationSnapshot } from '../obligation/snapshot';
import type { AcknowledgeRequest } from '../obligation/acknowledge';
import type { ExtensionApplicationRequest, ExtensionDecisionRequest } from '../obligation/extension';
import type { NoticeOutcome } from '../notices/delivery';
import type { ObligationSpec, RoundSpec } from '../obligation/spec';
import type { PackedRoundSpec } from '../obligation/packed-round';
import type { DocumentIssuedSignal } from '../documents/model';

// Obligation
export const submitReport = defineUpdate<Receipt, [SubmitRequest]>('submitReport');
export const reviewReport = defineUpdate<ObligationState, [ReviewRequest]>('reviewReport');
export const extendDeadline = defineUpdate<ObligationState, [ExtendRequest]>('extendDeadline');
export const cancelObligation = defineUpdate<ObligationState, [CancelRequest]>('cancelObligation');
/** 签收: the unit confirms receipt (the first acknowledgement counts; a second is refused). */
export const acknowledgeObligation = defineUpdate<ObligationState, [AcknowledgeRequest]>('acknowledgeObligation');
/** 延期申请: the unit applies before its deadline (one pending at a time, within the plan's cap). */
export const applyForExtension = defineUpdate<ObligationState, [ExtensionApplicationRequest]>('applyForExtension');
/** The bureau approves (possibly another date) or refuses (with a reason) the pending application. */
export const decideExtension = defineUpdate<ObligationState, [ExtensionDecisionRequest]>('decideExtension');
/** The worker's sender: a queued notice was refused for good, or is still not delivered after many attempts. */
export const noticeOutcome = defineSignal<[NoticeOutcome]>('noticeOutcome');
export const obligationState = defineQuery<ObligationState>('obligationState');
/** What the obligation was started with (duty, targets, deadline): the portal and board render from it. */
export const obligationSpec = defineQuery<ObligationSpec>('obligationSpec');
/** A 公文 concerning the obligation was issued (its 督办通知书, a 通报 naming it, its 整改通知): recorded with its number. */
export const documentIssued = defineSignal<[DocumentIssuedSignal]>('documentIssued');

// Round and plan: obligations report every change; rounds report when they close.
export const obligationChanged = defineSignal<[ObligationSnapshot]>('obligationChanged');
export const roundClosed = defineSignal<[{ round: string; at: string }]>('roundClosed');
export const roundSnapshots = defineQuery<ObligationSnapshot[]>('roundSnapshots');
/** The round's spec, from which a 回头看 round is built. */
/** Packed by rounds started since packing (domain/obligation/packed-round.ts): read it with unpackRound. */
export const roundSpec = defineQuery<RoundSpec | PackedRoundSpec>('roundSpec');
export const planLedger = defineQuery<ObligationSnapshot[]>('planLedger');
/** The plan's rounds (回头看 included), from which the ledger is read; null for a plan that keeps its own ledger. */
export const planRounds = defineQuery<string[] | null>('planRounds');
/** A 回头看 round tells its plan it exists. */
export const roundOpened = defineSignal<[{ round: string }]>('roundOpened');
