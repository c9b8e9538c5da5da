import type { AuditRole, AuditSummary } from '../../domain/audit-chain';
import type { ClaimReason } from '../../domain/claim';

/**
 * What a citizen may not see of their own case, in one place: which member of staff acted
 * (clerk, checker, supervisor, admin ids), the staff's internal notes (a checker's note, a
 * returned decision's note), and anything about another party's claim or bill (another
 * claim's id in a duplicate finding). The clerk's decision and its reason to the citizen stay.
 */

const STAFF_ROLES: ReadonlySet<AuditRole> = new Set(['clerk', 'supervisor', 'admin']);

/**
 * Whose id a history shows: the system's steps and hospitals by name to everyone, staff ids to
 * staff only, and a citizen never by id: a citizen's id is the ID-number hash, kept out of every
 * view (a keyed hash still links a person across systems that share the key).
 */
export const showsActorId = (role: AuditRole, audience: 'citizen' | 'staff'): boolean =>
  role !== 'citizen' && (audience === 'staff' || !STAFF_ROLES.has(role));

/** Any claim id (C + yyyymmdd + 12 base32) in a text meant for the citizen. */
const CLAIM_ID = /\b(?:claim )?C\d{8}[0-9A-HJKMNP-TV-Z]{12}\b/g;

const omit = (value: unknown, keys: readonly string[]): unknown => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
};

/** A history entry's before/after as the citizen reads it. */
export function citizenAuditSummary(summary: AuditSummary | undefined): AuditSummary | undefined {
  if (!summary) return undefined;
  const {
    assignee: _assignee,
    returnedCheck: _returned,
    pendingCheck,
    decision,
    ...rest
  } = summary as AuditSummary & Record<string, unknown>;
  const shown: Record<string, unknown> = { ...rest };
  if (decision !== undefined) shown.decision = omit(decision, ['clerkId', 'checkedBy', 'checkNote']);
  if (pendingCheck !== undefined) shown.pendingCheck = omit(pendingCheck, ['makerId']);
  return shown as AuditSummary;
}

/**
 * The reasons on a case as the citizen reads them: another claim's id is never shown (a
 * duplicate finding names the bill, not who holds it).
 */
export function citizenReasons(reasons: readonly ClaimReason[]): ClaimReason[] {
  return reasons.map((r) =>
    r.detail === undefined ? { ...r } : { ...r, detail: r.detail.replace(CLAIM_ID, 'another claim') },
  );
}
