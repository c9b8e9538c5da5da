import type { AuditRole } from '../../domain/audit-chain';
import type { ClaimReason } from '../../domain/claim';

/**
 * What a citizen may not see of their own case that no field label can say: whose id a history
 * entry shows depends on the actor's role, and another claim's id hides inside a reason's text.
 * Staff identities and internal notes as fields (clerkId, checkNote, assignee, …) are kept from
 * citizens by their labels (domain/view-policy.ts). The clerk's decision and its reason stay.
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

/**
 * The reasons on a case as the citizen reads them: another claim's id is never shown (a
 * duplicate finding names the bill, not who holds it).
 */
export function citizenReasons(reasons: readonly ClaimReason[]): ClaimReason[] {
  return reasons.map((r) =>
    r.detail === undefined ? { ...r } : { ...r, detail: r.detail.replace(CLAIM_ID, 'another claim') },
  );
}
