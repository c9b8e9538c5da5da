import { z } from 'zod';
import { DELEGATION_KINDS, DelegationIdSchema, RELATIONSHIPS } from '../delegation-kinds';

/**
 * Filing for someone else (帮办 / 代办) as the HTTP API shows it to the insured: their delegations
 * (functions/views/delegation-views.ts). What a delegation is and how it is checked is
 * domain/delegation.ts.
 */

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
export type DelegationView = z.infer<typeof DelegationViewSchema>;

export const NewDelegationViewSchema = DelegationViewSchema.extend({
  authorisationCode: z.string().optional().meta({
    description:
      'a window authorisation only, shown this once: the one-time code to write on the signed form the agent uploads',
  }),
}).meta({ id: 'NewDelegation' });

export const DelegationsViewSchema = z
  .object({ delegations: z.array(DelegationViewSchema) })
  .meta({ id: 'Delegations' });

/** DELETE /my/delegations/{delegationId} answers. */
export const DelegationRevokedSchema = z.object({ delegationId: z.string(), revoked: z.literal(true) });
