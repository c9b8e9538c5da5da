import { z } from 'zod';
import {
  DELEGATION_KINDS,
  DelegationIdSchema,
  isLocked,
  RELATIONSHIPS,
  type Delegation,
} from '../../domain/delegation';

export const DelegationPathSchema = z.object({ delegationId: DelegationIdSchema });

/** A delegation as its citizen sees it: never a hash, never the code (shown once, when made). */
export const DelegationViewSchema = z
  .object({
    delegationId: z.string(),
    kind: z.enum(DELEGATION_KINDS),
    delegateNameMasked: z.string().optional(),
    relationship: z.enum(RELATIONSHIPS).optional(),
    createdAt: z.iso.datetime({ offset: true }),
    validUntil: z.string(),
    revokedAt: z.iso.datetime({ offset: true }).optional(),
    usedFor: z.string().optional().meta({ description: 'a window authorisation: the claim it was used for' }),
    locked: z
      .boolean()
      .optional()
      .meta({ description: 'a window authorisation refused too many wrong codes: make a new one' }),
  })
  .meta({ id: 'Delegation' });

export const NewDelegationViewSchema = DelegationViewSchema.extend({
  authorisationCode: z.string().optional().meta({
    description:
      'a window authorisation only, shown this once: the one-time code to write on the signed form the agent uploads',
  }),
}).meta({ id: 'NewDelegation' });

export const DelegationsViewSchema = z
  .object({ delegations: z.array(DelegationViewSchema) })
  .meta({ id: 'Delegations' });

export const delegationView = (d: Delegation): z.infer<typeof DelegationViewSchema> => ({
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
