// Option parsers shared by the CLI's commands.
import { AppError } from '../client/errors';

/** --year: a plan year between 2000 and 2100. */
export function yearOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new AppError(`--year 应为 2000–2100 之间的年份，收到 "${v}"`);
  return n;
}
