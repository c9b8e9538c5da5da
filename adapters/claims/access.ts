/**
 * How a repository says what it touches in the table: per operation, the DynamoDB actions and
 * the partition-key prefixes. infra/function-access.ts builds each function's IAM grants from
 * these declarations (TransactWriteItems has no IAM action of its own: each Put inside is
 * authorized as PutItem, each Update as UpdateItem).
 */
export type TableAction =
  'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/** Partition-key prefixes of DESIGN §4 and docs/data-model.md. */
export type KeyPrefix =
  | 'CLAIM#'
  | 'VISIT#'
  | 'BILL#'
  | 'INSURED#'
  | 'PAYOUT#'
  | 'HOSPITAL#'
  | 'RATINGS#'
  | 'FOLLOWUPS#'
  | 'IDEMPOTENCY#'
  | 'HOMEREPORT#'
  | 'QUOTA#'
  | 'SUBMISSION#'
  | 'CASEREAD#'
  | 'NOTIFYOUT#';

export interface ItemGrant {
  actions: readonly TableAction[];
  /** The partition keys the actions may touch, as prefixes (`CLAIM#` allows `CLAIM#*`). */
  keys: readonly (KeyPrefix | `IDEMPOTENCY#${string}`)[];
}

/** A global secondary index of the table (adapters/dynamodb/table-definition.ts). */
export type IndexName = 'queue' | 'insured' | 'region';

/** What one repository operation needs: item grants, or a query on an index. */
export interface StoreAccess {
  items?: readonly ItemGrant[];
  indexes?: readonly IndexName[];
}
