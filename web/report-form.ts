// Reading the portal's report form: multipart fields and files (files stream to the store's staging folder
// while they are hashed, none held whole in memory), the submitter's name and the figures, with the same
// Chinese refusals wherever a report is filed.
import type { FastifyRequest } from 'fastify';
import { stageUpload, discardUploads, type Upload } from '../client/uploads';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { isValidFigure, MAX_FIGURE, MAX_NAME_CHARS } from '../domain/obligation/limits';
import { DomainError } from '../domain/errors';
import type { ObligationTarget } from '../domain/plan/obligations';

export interface ReportForm {
  /** Each field's values in order (a checkbox list repeats its name). */
  fields: Record<string, string[]>;
  files: Upload[];
}

/** The form, or the Chinese reason it was cut off (too large, too many parts): staged files are discarded then. */
export async function readReportForm(req: FastifyRequest, stagingDir: string): Promise<ReportForm | { limit: string }> {
  const fields: Record<string, string[]> = {};
  const files: Upload[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.filename) files.push(await stageUpload(stagingDir, part.filename, part.file));
        else part.file.resume();
      } else if (part.valueTruncated) {
        throw Object.assign(new Error('field too long'), { code: 'FIELD_TOO_LONG' });
      } else {
        (fields[part.fieldname] ??= []).push(String(part.value ?? ''));
      }
    }
  } catch (err) {
    await discardUploads(files);
    const limit = formLimit((err as { code?: string }).code);
    if (limit) return { limit };
    // The body itself is broken (no boundary, cut off mid-part): the sender's fault, a 400 (web/refusals.ts).
    // A fault of this server while staging a file (a full disk: it has a syscall) passes on as it is.
    if (!(err as { syscall?: string }).syscall && !(err as { statusCode?: number }).statusCode)
      throw Object.assign(new Error('malformed multipart body'), { code: 'DUBAN_MALFORMED_FORM', statusCode: 400, cause: err });
    throw err;
  }
  return { fields, files };
}

function formLimit(code: string | undefined): string | undefined {
  if (code === 'FST_REQ_FILE_TOO_LARGE') return `附件过大：单个附件不能超过 ${MAX_ATTACHMENT_BYTES / 1048576} MB`;
  if (code === 'FST_FILES_LIMIT') return `附件最多 ${MAX_ATTACHMENTS} 个`;
  if (code === 'FIELD_TOO_LONG') return '填写的内容过长';
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return '表单项过多';
  return undefined;
}

/** The submitter as the workflow records them: the person's name with the unit in brackets. */
export function submitterOf(name: string | undefined, unit: string): string {
  const unitPart = `（${unit}）`;
  const person = (name ?? '').trim();
  const max = MAX_NAME_CHARS - unitPart.length;
  if (!person) throw new DomainError('请填写报送人姓名', 'submitter name is required');
  if (person.length > max) throw new DomainError(`报送人姓名不能超过 ${max} 个字`, 'submitter name too long');
  return `${person}${unitPart}`;
}

/** The longest name the form should let a person type for `unit`. */
export const maxPersonChars = (unit: string) => MAX_NAME_CHARS - unit.length - 2;

/**
 * The figures of `targets` from the form's fields (named by `fieldOf`); a blank one is left out (the submission
 * check names every missing figure). Thousands separators are allowed; anything else not a number is refused.
 */
export function figuresOf(targets: ObligationTarget[], value: (targetId: string) => string | undefined): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const t of targets) {
    const v = (value(t.id) ?? '').trim();
    if (v === '') continue;
    const n = /^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(v) ? Number(v.replaceAll(',', '')) : NaN;
    if (!isValidFigure(n))
      throw new DomainError(
        `“${t.label}”填写的不是有效数字（应为 0 到 ${MAX_FIGURE.toLocaleString('en-US')} 之间的数）`,
        `figure ${t.id} is not a valid number`,
      );
    figures[t.id] = n;
  }
  return figures;
}
