import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import { decisionNote, type ClaimCase } from './claim';
import type { AuditRole } from './audit-roles';
import type { ClaimStatus } from './claim-status';

/**
 * The case history (DESIGN §4 `AUDIT#<seq>`): every change to a claim appends one entry, and
 * each entry is chained to the one before by
 *
 *   hash = sha256(prevHash + RFC 8785 canonical JSON of the entry)
 *
 * so that changing, removing or reordering any entry breaks every hash after it. The head of
 * the chain (the last seq and hash) is kept on the case item and written in the same
 * transaction as the entry, so the case and its history cannot disagree without the chain
 * showing it. Entries carry no personal data: statuses, amounts, reason codes, document ids,
 * content hashes, and who acted (a clerk's id, a citizen's ID-number hash, never the number).
 */

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export { AUDIT_ROLES, type AuditRole } from './audit-roles';

/** Who made a change: a person by role and subject, or the system by the step that ran. */
export interface AuditActor {
  role: AuditRole;
  /**
   * clerk/admin/agent: their user id; citizen: `sha256:<hash of the ID number>`; system: the step;
   * hospital: its code; delegate: the delegation's id (never the delegate's ID hash).
   */
  sub: string;
}

export const SYSTEM_ACTOR: AuditActor = { role: 'system', sub: 'crossclaim' };
export const stepActor = (step: string): AuditActor => ({ role: 'system', sub: step });

export type AuditAction =
  | 'claim.submitted'
  | 'status.changed'
  | 'case.updated'
  | 'decision.recorded'
  | 'decision.withdrawn'
  | 'decision.proposed'
  | 'decision.returned'
  | 'case.assigned'
  | 'case.released'
  | 'info.answered'
  | 'appeal.filed'
  | 'appeal.decided'
  | 'document.stored'
  | 'adjudication.appended'
  | 'payout.recorded'
  | 'payout.instructed'
  | 'rating.recorded'
  | 'followup.answered'
  | 'followup.escalated';

/** A JSON value without undefined, as canonicalization needs. */
export type AuditValue = string | number | boolean | null | AuditValue[] | { [key: string]: AuditValue };
export type AuditSummary = Record<string, AuditValue>;

/** What is hashed. */
export interface AuditEntry {
  claimId: string;
  seq: number;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  before?: AuditSummary;
  after?: AuditSummary;
}

/** What the table holds: the entry with its link to the one before and its own hash. */
export interface ChainedAuditEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

/** The head of a claim's chain, kept on its case item. */
export interface AuditHead {
  auditSeq: number;
  auditHead: string;
}

export const EMPTY_HEAD: AuditHead = { auditSeq: 0, auditHead: GENESIS_HASH };

const entryOf = (e: AuditEntry): AuditEntry => ({
  claimId: e.claimId,
  seq: e.seq,
  at: e.at,
  actor: { role: e.actor.role, sub: e.actor.sub },
  action: e.action,
  ...(e.before !== undefined && { before: e.before }),
  ...(e.after !== undefined && { after: e.after }),
});

/**
 * The key of the chain, held by the writers (locally `.data/audit-chain.key`, loaded at start by
 * adapters/audit-key.ts). With a key, each hash is HMAC-SHA256(key, prevHash + entry): someone
 * who can write the table but does not hold the key can no longer rewrite an entry and
 * recompute every later hash and the head. On AWS the writers load it from a Secrets Manager
 * secret (AUDIT_KEY_SECRET_ARN). Without one the chain is plain SHA-256 as before, which
 * detects a careless edit but not a rewrite.
 */
let chainKey: Buffer | undefined;

export function useAuditChainKey(key: Buffer | undefined): void {
  if (key !== undefined && key.length < 32)
    throw new RangeError('the audit-chain key must be at least 32 bytes');
  chainKey = key && Buffer.from(key);
}

export function hashEntry(prevHash: string, entry: AuditEntry): string {
  const canonical = canonicalize(entryOf(entry));
  if (canonical === undefined) throw new TypeError('an audit entry must be JSON');
  const digest = chainKey ? createHmac('sha256', chainKey) : createHash('sha256');
  return digest.update(prevHash).update(canonical).digest('hex');
}

/** The next entry after `head`, chained. */
export function chainEntry(
  head: AuditHead,
  entry: Omit<AuditEntry, 'seq'>,
): { entry: ChainedAuditEntry; head: AuditHead } {
  const full: AuditEntry = { ...entryOf({ ...entry, seq: head.auditSeq + 1 }) };
  const hash = hashEntry(head.auditHead, full);
  return {
    entry: { ...full, prevHash: head.auditHead, hash },
    head: { auditSeq: full.seq, auditHead: hash },
  };
}

/** sha256 of a document's canonical JSON: the history names exactly what was stored, without holding it. */
export function contentHash(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError('content must be JSON');
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

// ── summaries without personal data ──────────────────────────────────────────────────────

/**
 * The facts of a case the history records: status, money, reason codes, the workflow's flags,
 * a clerk's decision (who, what, why). Never names, ID numbers, bank accounts or diagnoses.
 */
export function caseFacts(claim: ClaimCase): AuditSummary {
  const facts: AuditSummary = { status: claim.status, version: claim.version };
  if (claim.policyId !== undefined) facts.policyId = claim.policyId;
  if (claim.benefitFen !== undefined) facts.benefitFen = claim.benefitFen;
  if (claim.reasons !== undefined) facts.reasonCodes = claim.reasons.map((r) => r.code);
  if (claim.failure) facts.failure = { error: claim.failure.error, atStatus: claim.failure.atStatus };
  if (claim.queuedAt !== undefined) facts.queuedAt = claim.queuedAt;
  if (claim.escalatedAt !== undefined) facts.escalatedAt = claim.escalatedAt;
  facts.awaitingTask = claim.taskToken !== undefined;
  if (claim.decision) {
    const d = claim.decision;
    facts.decision = {
      decision: d.decision,
      clerkId: d.clerkId,
      at: d.at,
      ...(d.decision === 'reject' && { reasonCode: d.reasonCode }),
      ...(d.decision === 'adjust' && {
        adjustedLines: d.lines.map((l) => ({ seq: l.seq, allowedFen: l.allowedFen, reason: l.reason })),
      }),
      ...(decisionNote(d) !== undefined && { note: decisionNote(d) }),
      ...(d.checkedBy !== undefined && { checkedBy: d.checkedBy }),
      ...(d.checkNote !== undefined && { checkNote: d.checkNote }),
    };
  }
  if (claim.assignee) facts.assignee = claim.assignee.clerkId;
  if (claim.pendingCheck) {
    facts.pendingCheck = {
      decision: claim.pendingCheck.decision.decision,
      makerId: claim.pendingCheck.decision.clerkId,
      benefitFen: claim.pendingCheck.benefitFen,
    };
  }
  if (claim.returnedCheck) {
    const r = claim.returnedCheck;
    facts.returnedCheck = {
      decision: r.decision,
      makerId: r.makerId,
      checkerId: r.checkerId,
      at: r.at,
      ...(r.note !== undefined && { note: r.note }),
    };
  }
  if (claim.infoRequest) {
    facts.infoRequest = {
      deadline: claim.infoRequest.deadline,
      answered: claim.infoRequest.answeredAt !== undefined,
    };
  }
  if (claim.appeals?.length) {
    facts.appeals = claim.appeals.map((a) => ({
      appealNo: a.appealNo,
      // Why, in the citizen's words: the history says who appealed and why, as it does for clerks.
      reason: a.reason,
      status: a.status,
      ...(a.differenceFen !== undefined && { differenceFen: a.differenceFen }),
      ...(a.policyVersion !== undefined && { policyVersion: a.policyVersion }),
    }));
  }
  return facts;
}

/** Only what changed, with the status always named on both sides. */
export function caseChange(
  before: ClaimCase,
  after: ClaimCase,
): { before: AuditSummary; after: AuditSummary } {
  const a = caseFacts(before);
  const b = caseFacts(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changedBefore: AuditSummary = { status: before.status };
  const changedAfter: AuditSummary = { status: after.status };
  for (const key of keys) {
    if (key === 'status' || key === 'version') continue;
    if (canonicalize(a[key]) === canonicalize(b[key])) continue;
    changedBefore[key] = a[key] ?? null;
    changedAfter[key] = b[key] ?? null;
  }
  return { before: changedBefore, after: changedAfter };
}

/** What a change of a case is called in the history. */
export function caseAction(before: ClaimCase, after: ClaimCase): AuditAction {
  const decided = canonicalize(before.decision ?? null) !== canonicalize(after.decision ?? null);
  if (decided) return after.decision ? 'decision.recorded' : 'decision.withdrawn';
  return before.status === after.status ? 'case.updated' : 'status.changed';
}

/** The safe facts of a stored document: its id, content hash and, per kind, an outcome code. */
export function documentFacts(kind: string, id: string, body: Record<string, unknown>): AuditSummary {
  const facts: AuditSummary = { documentId: `${kind}#${id}`, contentHash: contentHash(body) };
  const outcome = body.outcome as { kind?: unknown } | undefined;
  if (typeof outcome?.kind === 'string') facts.outcome = outcome.kind;
  if (typeof body.decision === 'string') facts.outcome = body.decision;
  if (Array.isArray(body.findings)) {
    facts.findingCodes = (body.findings as { code?: unknown }[]).map((f) => String(f.code));
  }
  return facts;
}

// ── verification ─────────────────────────────────────────────────────────────────────────

export type ChainVerdict =
  | { ok: true; claimId: string; entries: number; head: string }
  | { ok: false; claimId: string; entries: number; brokenAt: number; problem: string };

const isHead = (value: Partial<AuditHead> | undefined): value is AuditHead =>
  typeof value?.auditSeq === 'number' && typeof value.auditHead === 'string';

/**
 * Recomputes a claim's chain from its entries (in seq order) and checks it against the head on
 * the case: numbering without gaps, each entry linked to the hash before it, each hash equal to
 * the recomputed one, the case's head equal to the last entry. Names the first broken entry.
 */
export function verifyChain(
  claimId: string,
  entries: readonly ChainedAuditEntry[],
  head: Partial<AuditHead> | undefined,
): ChainVerdict {
  const broken = (brokenAt: number, problem: string): ChainVerdict => ({
    ok: false,
    claimId,
    entries: entries.length,
    brokenAt,
    problem,
  });
  let prev = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const seq = i + 1;
    if (entry.seq !== seq) return broken(seq, `entry ${seq} is missing (found ${entry.seq} in its place)`);
    if (entry.claimId !== claimId) return broken(seq, `entry ${seq} belongs to claim ${entry.claimId}`);
    if (entry.prevHash !== prev)
      return broken(seq, `entry ${seq} does not link to the hash of entry ${seq - 1}`);
    if (hashEntry(prev, entry) !== entry.hash)
      return broken(seq, `entry ${seq} was changed after it was written`);
    prev = entry.hash;
  }
  if (!isHead(head)) {
    return entries.length === 0
      ? broken(1, 'the claim has no history (no audit head on the case)')
      : broken(entries.length, 'the case item carries no audit head');
  }
  if (head.auditSeq > entries.length) {
    return broken(
      entries.length + 1,
      `the case's head is entry ${head.auditSeq}; entries after ${entries.length} are missing`,
    );
  }
  if (head.auditSeq < entries.length) {
    return broken(
      head.auditSeq + 1,
      `entries after ${head.auditSeq}, the case's head, were added outside the chain`,
    );
  }
  if (head.auditHead !== prev)
    return broken(entries.length, `the case's head hash is not the hash of entry ${entries.length}`);
  return { ok: true, claimId, entries: entries.length, head: prev };
}

/** Status of a case as the history's before/after name it (for readers of entries). */
export const statusOf = (summary: AuditSummary | undefined): ClaimStatus | undefined =>
  typeof summary?.status === 'string' ? (summary.status as ClaimStatus) : undefined;
