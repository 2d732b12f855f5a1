// duban's typed search attributes: the columns ops filter on in the Temporal Web UI and CLI.
// Budgeted against the dev server's SQLite visibility slots (10 Keyword, 3 Int, 3 Datetime, ...).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA = {
  /** What the workflow is: obligation / round / plan / lookback. */
  kind: defineSearchAttributeKey('DubanKind', SearchAttributeType.KEYWORD),
  plan: defineSearchAttributeKey('DubanPlan', SearchAttributeType.KEYWORD),
  task: defineSearchAttributeKey('DubanTask', SearchAttributeType.INT),
  /** Chinese unit name, e.g. 台山市. */
  unit: defineSearchAttributeKey('DubanUnit', SearchAttributeType.KEYWORD),
  /** Obligation stage, e.g. open / submitted / overdue. */
  stage: defineSearchAttributeKey('DubanStage', SearchAttributeType.KEYWORD),
  /** green / yellow / red. */
  light: defineSearchAttributeKey('DubanLight', SearchAttributeType.KEYWORD),
  due: defineSearchAttributeKey('DubanDue', SearchAttributeType.DATETIME),
  /** Escalation level: 0 none, 1 催办, 2 督办, 3 通报. */
  level: defineSearchAttributeKey('DubanLevel', SearchAttributeType.INT),
} as const;

/** Every key, for registering them on a server (`--search-attribute Name=Type`). */
export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);

/** The type names `temporal server start-dev --search-attribute` and `operator search-attribute create` expect. */
export function cliTypeName(type: SearchAttributeType): string {
  const names: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.TEXT]: 'Text',
    [SearchAttributeType.INT]: 'Int',
    [SearchAttributeType.DOUBLE]: 'Double',
    [SearchAttributeType.BOOL]: 'Bool',
    [SearchAttributeType.DATETIME]: 'Datetime',
    [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  };
  return names[type];
}
