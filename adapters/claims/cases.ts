import {
  SYSTEM_ACTOR,
  caseAction,
  caseChange,
  caseFacts,
  type AuditAction,
  type AuditActor,
} from '../../domain/audit-chain';
import type { ClaimCase } from '../../domain/claim';
import { nextCase, type CaseChanges, type RemovableField } from '../../domain/claim-lifecycle';
import type { ClaimStatus } from '../../domain/claim-status';
import type { StoreAccess } from './access';
import { TRY_AGAIN, type AuditedWrites, type EntryFacts, type TransactItem } from './audited-writes';
import { ClaimConflictError, ClaimNotFoundError, keys } from './keys';

/** Who made a change, and what to call it if not the default for the change. */
export interface AuditOptions {
  actor?: AuditActor;
  action?: AuditAction;
}

/**
 * What a step writes in the same transaction as its case change, so that it reads once and
 * writes once (issue #17): items beside the case (documents, bill guards, the citizen's
 * notification, built from the case as it will be stored) and the history entries of those
 * items (chained before the case's own). A refused condition of one of the items is a conflict
 * like the case having moved: the step is run again on a fresh read.
 */
export interface Alongside {
  items?: (next: ClaimCase) => TransactItem[];
  entries?: readonly EntryFacts[];
}

/** What the case operations touch (infra/function-access.ts builds IAM grants from these). */
export const CASE_ACCESS = {
  /** get, find */
  read: { items: [{ actions: ['GetItem'], keys: ['CLAIM#'] }] },
  /** transition: read, then the case Put and its entry in one transaction (Put + Update of the head). */
  change: { items: [{ actions: ['GetItem', 'PutItem', 'UpdateItem', 'Query'], keys: ['CLAIM#'] }] },
  /** create: the case, its entry and the visit's claim link. */
  create: { items: [{ actions: ['PutItem'], keys: ['CLAIM#', 'VISIT#'] }] },
} as const satisfies Record<string, StoreAccess>;

/** The claim case (`CLAIM#<id>` / `CASE`): created once, then changed by conditional, audited writes. */
export class CaseRepository {
  constructor(
    private readonly core: AuditedWrites,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores a new case with the first entry of its history (claim.submitted), in one
   * transaction. The actor defaults to the citizen the claim is for: a citizen files only for
   * themselves (functions/shared/auth.ts), and the history knows them by their ID-number hash.
   */
  async create(claim: ClaimCase, actor?: AuditActor, alongside: TransactItem[] = []): Promise<void> {
    const facts = {
      at: claim.createdAt,
      actor: actor ?? { role: 'citizen' as const, sub: claim.insured.idNumberHash },
      action: 'claim.submitted' as const,
      after: {
        ...caseFacts(claim),
        hospitalCode: claim.hospitalCode,
        homeRegion: claim.insured.homeRegion,
        careType: claim.visit.careType,
        receiptIds: claim.receiptIds,
      },
    };
    await this.core.createCase(claim, facts, [
      {
        // Lets a pushed e-bill find the claims waiting for its visit.
        Put: {
          TableName: this.core.tableName,
          Item: {
            PK: keys.visit(claim.hospitalCode, claim.visit.visitNo),
            SK: `CLAIM#${claim.claimId}`,
            claimId: claim.claimId,
          },
        },
      },
      ...alongside,
    ]);
  }

  async get(claimId: string): Promise<ClaimCase> {
    const found = await this.find(claimId);
    if (!found) throw new ClaimNotFoundError(`claim ${claimId} does not exist`);
    return found;
  }

  find(claimId: string): Promise<ClaimCase | undefined> {
    return this.core.find(claimId);
  }

  /**
   * Moves a case from the status and version it was read at to `to`, with changes, and appends
   * the change to its history in the same transaction. Fails with ClaimConflictError if anyone
   * moved it meanwhile. When only the history moved on (a document was stored since the case
   * was read), the entry is chained after the new head and the write tried again: status and
   * version are what the caller's read promised, the history is the store's business.
   */
  async transition(
    claim: ClaimCase,
    to: ClaimStatus,
    changes: CaseChanges = {},
    remove: RemovableField[] = [],
    audit: AuditOptions = {},
    alongside: Alongside = {},
  ): Promise<ClaimCase> {
    const at = this.now().toISOString();
    const next = nextCase(claim, to, changes, remove, at);
    const { before, after } = caseChange(claim, next);
    const beside = alongside.items?.(next) ?? [];
    return this.core.writeCase(claim, {
      next,
      beside,
      ...(alongside.entries && { earlier: alongside.entries }),
      ...(beside.length > 0 && {
        refused: async (reasons: { Code?: string }[]) => {
          const own = reasons.slice(0, beside.length);
          if (!own.some((r) => r.Code === 'ConditionalCheckFailed')) return TRY_AGAIN;
          throw new ClaimConflictError(
            `claim ${claim.claimId}: an item written with its move to ${to} changed meanwhile`,
          );
        },
      }),
      entry: {
        at,
        actor: audit.actor ?? SYSTEM_ACTOR,
        action: audit.action ?? caseAction(claim, next),
        before,
        after,
      },
      done: (stored) => stored,
      moved: () => {
        throw new ClaimConflictError(
          `claim ${claim.claimId} is no longer ${claim.status} v${claim.version}; not moved to ${to}`,
        );
      },
      exhausted: (error) => {
        throw error;
      },
    });
  }

  /**
   * Changes fields of a case without moving its status (a clerk taking it, an escalation, a
   * request for information): the same conditional, audited write as a move.
   */
  update(
    claim: ClaimCase,
    changes: CaseChanges,
    remove: RemovableField[] = [],
    audit: AuditOptions = {},
  ): Promise<ClaimCase> {
    return this.transition(claim, claim.status, changes, remove, audit);
  }
}
