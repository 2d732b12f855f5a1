// Saved plan files (the board's 导入方案 saves the finished plan here): a plan's YAML text under its plan id.
// Embedded: data/plans/<plan id>.yaml; with DUBAN_DATABASE_URL: a row of plan_files, shared by every host.
// Saving a name again replaces its text (a supervisor saves the same import again after a correction; the board
// itself refuses a plan id already taken by another import before it saves).
import { DomainError } from '../domain/errors';

export interface PlanFiles {
  /** Saves `text` as the plan file `name` (a plan id); the newer text replaces an older one. */
  put(name: string, text: string): Promise<void>;
  /** The plan file's text, undefined when none is saved under `name`. */
  get(name: string): Promise<string | undefined>;
  /** Every saved plan file's name, sorted. */
  list(): Promise<string[]>;
  /** Removes the plan file `name` (nothing when there is none). */
  remove(name: string): Promise<void>;
}

/** A plan id as the plan format allows it: lowercase letters, digits and -, starting with a letter; at most 64. */
export const PLAN_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** `name` when it is a plain plan id, else the Chinese refusal (never a path, never another folder). */
export function planName(name: string): string {
  if (typeof name !== 'string' || !PLAN_NAME.test(name))
    throw new DomainError(
      `方案文件名“${String(name).slice(0, 80)}”无效：只能用小写字母、数字和 -，以字母开头，不超过 64 个字符`,
      'plan file name is not a plain plan id',
    );
  return name;
}
