/**
 * Who can act on a case, as its history names them (domain/audit-chain.ts). Apart from the chain
 * so that the API's schemas (domain/api/) can name the roles without reaching node:crypto.
 *
 * `agent`: a service-window clerk filing for a citizen; `delegate`: a family member filing on a delegation.
 */
export const AUDIT_ROLES = [
  'system',
  'citizen',
  'clerk',
  'supervisor',
  'hospital',
  'admin',
  'agent',
  'delegate',
] as const;
export type AuditRole = (typeof AUDIT_ROLES)[number];
