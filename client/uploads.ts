// Attachments a surface receives, staged before a report takes them: streamed to a private temporary file under
// the report store's staging folder (store/uploads.ts), hashed and measured on the way. What no report adopted
// (a refused or cut-off submission) is discarded: it was never the store's.
import { discardUpload, type Upload } from '../store/uploads';

export { stageUpload, discardUpload, type Upload } from '../store/uploads';

/** Discards every staged file of a form that was not adopted. */
export async function discardUploads(files: readonly Pick<Upload, 'file'>[]): Promise<void> {
  await Promise.all(files.map(discardUpload));
}
