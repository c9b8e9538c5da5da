import { z } from 'zod';

/**
 * The words of a delegation (domain/delegation.ts) that the API's schemas (domain/api/) name:
 * apart from the delegation's codes and hashes so that they reach no node:crypto.
 */
export const DELEGATION_KINDS = ['family', 'agent'] as const;
export const RELATIONSHIPS = ['spouse', 'parent', 'child', 'sibling', 'other'] as const;

export const DelegationIdSchema = z
  .string()
  .regex(/^D[0-9A-HJKMNP-TV-Z]{16}$/, { error: 'must be a delegation id (D + 16 characters)' });
