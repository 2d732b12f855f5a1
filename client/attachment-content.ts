// Attachments are judged by their leading bytes, not only by their names: a file whose content is not
// what its extension claims (a program renamed to .pdf, a web page renamed to .docx) is refused.
import FileType from 'file-type';
import { DomainError } from '../domain/errors';
import { ALLOWED_ATTACHMENT_TYPES } from '../domain/obligation/report';
// Enough of a file for file-type to tell what it is (it reads ZIP entries' names for docx/xlsx).
import { HEAD_BYTES } from '../store/uploads';

/** For each allowed extension, the kinds file-type may detect in its content (Office Open XML and OFD are ZIP files). */
const ACCEPTED: Record<string, string[]> = {
  '.pdf': ['pdf'],
  '.doc': ['cfb'],
  '.xls': ['cfb'],
  '.docx': ['docx', 'zip'],
  '.xlsx': ['xlsx', 'zip'],
  '.ofd': ['zip'],
  '.zip': ['zip', 'docx', 'xlsx', 'pptx'],
  '.jpg': ['jpg'],
  '.jpeg': ['jpg'],
  '.png': ['png'],
};

const KIND_ZH: Record<string, string> = {
  pdf: 'PDF 文件',
  cfb: 'Word/Excel 97-2003 文件',
  docx: 'Word 文件',
  xlsx: 'Excel 文件',
  pptx: 'PowerPoint 文件',
  zip: 'ZIP 压缩包',
  jpg: 'JPEG 图片',
  png: 'PNG 图片',
  exe: '可执行程序',
  html: '网页',
  xml: 'XML 文件',
};

/**
 * Refuses (DomainError) an attachment whose content does not match its extension. Extensions that are
 * not allowed at all are left to the submission check, which names the allowed ones.
 */
export async function checkAttachmentContent(filename: string, content: Uint8Array): Promise<void> {
  const ext = /\.[^.]+$/.exec(filename)?.[0]?.toLowerCase() ?? '';
  if (!ALLOWED_ATTACHMENT_TYPES[ext] || content.length === 0) return;
  const found = await FileType.fromBuffer(content.subarray(0, HEAD_BYTES));
  if (found && ACCEPTED[ext].includes(found.ext)) return;
  const what = found ? (KIND_ZH[found.ext] ?? `${found.ext} 格式`) : '无法识别的格式';
  throw new DomainError(
    `附件“${filename}”的内容与扩展名 ${ext} 不符（实际为${what}），请上传真实的 ${ext} 文件`,
    `attachment ${filename}: content is ${found?.ext ?? 'unknown'}, not ${ext}`,
  );
}
