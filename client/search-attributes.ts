// Registers duban's search attributes on a Temporal server that lacks them (idempotent).
import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { GRPC_STATUS } from './grpc-status';

const IVT = temporal.api.enums.v1.IndexedValueType;
const INDEXED_TYPE: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IVT.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IVT.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IVT.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IVT.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IVT.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IVT.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IVT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Adds whichever of duban's search attributes the namespace lacks; returns the names added. */
export async function registerSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<string[]> {
  const known = await existingNames(connection, namespace);
  const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_TYPE[k.type]])),
  });
  return missing.map((k) => k.name);
}

async function existingNames(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<Set<string>> {
  try {
    const r = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set([...Object.keys(r.customAttributes ?? {}), ...Object.keys(r.systemAttributes ?? {})]);
  } catch (err) {
    // The Java time-skipping test server can add attributes but not list them: start from none.
    if ((err as { code?: number }).code === GRPC_STATUS.unimplemented) return new Set();
    throw err;
  }
}
