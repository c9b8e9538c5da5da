import type { IndexName, ItemGrant, StoreAccess, TableAction } from '../adapters/claims/access';
import type { VisitSourceKind } from '../adapters/visits/visit-source';

/**
 * The vocabulary of infra/function-access.ts: what a function may touch (`FunctionAccess`), the
 * merge of repositories' declared table access into grants (`store`), and the two derivations
 * the stack makes from an access (its visit source resolved; whether it holds the audit-chain key).
 */

const ACTION_ORDER: readonly TableAction[] = [
  'GetItem',
  'Query',
  'ConditionCheckItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
];

/**
 * The table access of a function that calls these operations: per key prefix the union of the
 * actions, prefixes with the same actions in one grant; and the indexes it queries.
 */
export function store(...uses: StoreAccess[]): { items: ItemGrant[]; indexes?: IndexName[] } {
  const byKey = new Map<ItemGrant['keys'][number], Set<TableAction>>();
  for (const grant of uses.flatMap((use) => use.items ?? [])) {
    for (const key of grant.keys) byKey.set(key, new Set([...(byKey.get(key) ?? []), ...grant.actions]));
  }
  const byActions = new Map<string, { actions: TableAction[]; keys: ItemGrant['keys'][number][] }>();
  for (const [key, actions] of byKey) {
    const ordered = ACTION_ORDER.filter((a) => actions.has(a));
    const id = ordered.join();
    const grant = byActions.get(id) ?? { actions: ordered, keys: [] };
    grant.keys.push(key);
    byActions.set(id, grant);
  }
  const indexes = [...new Set(uses.flatMap((use) => use.indexes ?? []))];
  return { items: [...byActions.values()], ...(indexes.length > 0 && { indexes }) };
}

export interface FunctionAccess {
  /** Item-level access to the table's own key space. */
  items: readonly ItemGrant[];
  /** Queries on a global secondary index (the whole index: its keys are not the table's). */
  indexes?: readonly IndexName[];
  /** Loads the home-region policies (POLICIES_DIR, bundled next to the handler). */
  policies?: boolean;
  /** Calls the hospitals' fetch API (HOSPITAL_API_URL). */
  hospitalApi?: boolean;
  /** Instructs the bank (BANK_API_URL). */
  bankApi?: boolean;
  /**
   * Asks the home region's insurance system (HOME_REGION_API_URL), with the client token of the
   * secret HOME_REGION_TOKEN_SECRET_ARN, which only these functions may read.
   */
  homeRegionApi?: boolean;
  /**
   * Reads a citizen's visits from the source the deployment configured (VISIT_SOURCE,
   * adapters/visits/visit-source.ts): `withVisitSource` turns it into homeRegionApi or
   * hospitalApi, whichever the source is, and nothing of the other.
   */
  visitSource?: boolean;
  /** Receipt images in the receipts bucket (RECEIPT_IMAGES_BUCKET), under receipt-images/. */
  receiptImages?: readonly ('read' | 'write')[];
  /** Runs OCR on receipt images (tesseract.js in the function; Textract for English receipts). */
  ocr?: boolean;
  /** states:SendTaskSuccess on the claim state machine's executions. */
  resumesTasks?: boolean;
  /** states:StartExecution on the claim state machine. */
  startsExecutions?: boolean;
  /** events:PutEvents on the crossclaim bus. */
  publishesEvents?: boolean;
  /** Reads the identity-hash key (IDENTITY_KEY_SECRET_ARN): it hashes an ID number a citizen sent. */
  hashesIdentities?: boolean;
  /** Verifies a claim's history chain (GetHistory): it needs the chain key without writing. */
  verifiesHistory?: boolean;
  /** sns:Publish on the citizen-notification topic (NOTIFICATION_TOPIC_ARN, adapters/notifier-sns.ts). */
  notifiesCitizens?: boolean;
  /** Memory in MB; 256 unless said. */
  memoryMb?: number;
  /** Timeout in seconds; a step's is below its TimeoutSeconds in claim.asl.json. */
  timeoutSeconds?: number;
}

/**
 * A function's access with its visit source resolved: the deployment's VISIT_SOURCE decides
 * whether it calls the home region (and may read its client token) or the hospitals.
 */
export function withVisitSource(access: FunctionAccess, source: VisitSourceKind): FunctionAccess {
  if (!access.visitSource) return access;
  return { ...access, ...(source === 'home-region' ? { homeRegionApi: true } : { hospitalApi: true }) };
}

/**
 * Whether a function holds the audit-chain key (AUDIT_KEY_SECRET_ARN): it writes claim items,
 * and every write of a case or a document beside it appends a chained history entry
 * (adapters/claims/audited-writes.ts), or it verifies the chain.
 */
export function keepsAuditChain(access: FunctionAccess): boolean {
  const writesClaims = (access.items ?? []).some(
    (grant) =>
      grant.keys.includes('CLAIM#') &&
      grant.actions.some((action) => action === 'PutItem' || action === 'UpdateItem'),
  );
  return writesClaims || access.verifiesHistory === true;
}
