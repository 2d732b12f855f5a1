// What a stored report and its attachments look like to workflows: references with digests, never contents.

/** Attachments a unit may upload with its report. */
export const ALLOWED_ATTACHMENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ofd': 'application/ofd',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.zip': 'application/zip',
};
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

export interface AttachmentRef {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A report stored by the client before it is submitted: what the submit update carries instead of the text. */
export interface StoredReport {
  /** Relative to the report store's root. */
  path: string;
  sha256: string;
  bytes: number;
  /** Length of the text in characters, and its first characters (see limits.ts). */
  chars: number;
  excerpt: string;
}

export interface ReportRef {
  receipt: string;
  /** Relative to the report store's root. */
  path: string;
  sha256: string;
  bytes: number;
  attachments: AttachmentRef[];
}
