import type { DelegationView } from '../../domain/api/delegations';
import { isLocked, type Delegation } from '../../domain/delegation';

/** A delegation as its citizen sees it: never a hash, never the code (shown once, when made). */
export const delegationView = (d: Delegation): DelegationView => ({
  delegationId: d.delegationId,
  kind: d.kind,
  ...(d.delegateNameMasked && { delegateNameMasked: d.delegateNameMasked }),
  ...(d.relationship && { relationship: d.relationship }),
  createdAt: d.createdAt,
  validUntil: d.validUntil,
  ...(d.revokedAt && { revokedAt: d.revokedAt }),
  ...(d.usedFor && { usedFor: d.usedFor }),
  ...(isLocked(d) && { locked: true }),
});
