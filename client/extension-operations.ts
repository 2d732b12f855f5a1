// 延期申请 from the portal, the board and the CLI: the unit applies (its optional attachment stored like a report's),
// the bureau approves or refuses. Checked against the obligation's current state first, so nothing is stored for
// an application that would be refused.
import type { Client } from '@temporalio/client';
import type { ObligationState } from '../domain/obligation/state';
import {
  checkApplyForExtension,
  checkDecideExtension,
  ExtensionApplicationRequest,
  ExtensionDecisionRequest,
} from '../domain/obligation/extension';
import { describeAttachment, type ReportStore } from '../store/report-store';
import { discardUpload, type Upload } from '../store/uploads';
import { applyForExtension, decideExtension } from '../domain/contract/messages';
import { obligationView, updateObligation } from './operations';

export type ExtensionDraft = Omit<ExtensionApplicationRequest, 'attachment'>;

/** The unit applies; a staged upload (if any) is adopted into the report store and referenced by the application. */
export async function applyForExtensionWithFile(
  client: Client,
  store: ReportStore,
  id: string,
  draft: ExtensionDraft,
  upload?: Upload,
): Promise<ObligationState> {
  try {
    const { spec, state } = await obligationView(client, id);
    const attachment = upload ? describeAttachment(upload.filename, upload.size, upload.sha256) : undefined;
    const req: ExtensionApplicationRequest = { ...draft, ...(attachment ? { attachment } : {}) };
    checkApplyForExtension(state, spec, req, Date.now());
    if (upload) await store.adoptUpload(id, upload);
    return await updateObligation(client, id, applyForExtension, req, (s) => checkApplyForExtension(s, spec, req, Date.now()));
  } finally {
    if (upload) await discardUpload(upload);
  }
}

/** The bureau approves (the requested date, or `due`) or refuses (with a reason) the pending application. */
export const decideExtensionApplication = (client: Client, id: string, req: ExtensionDecisionRequest): Promise<ObligationState> =>
  updateObligation(client, id, decideExtension, req, (state) => checkDecideExtension(state, req, Date.now()));
