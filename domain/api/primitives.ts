import { z } from 'zod';
import { CLAIM_STATUSES } from '../claim-status';
import { ClaimIdSchema } from '../schema-primitives';

/**
 * The pieces the API's response schemas share. An amount here is what the API shows (integer
 * fen, described as such), not the input check of domain/schema-primitives.ts's FenSchema.
 */

export const FenSchema = z.number().int().min(0).meta({ description: 'integer fen (1 yuan = 100 fen)' });
export const TimestampSchema = z.iso.datetime({ offset: true });
export const BilingualSchema = z.object({ zh: z.string(), en: z.string() });
export const StatusSchema = z.enum(CLAIM_STATUSES);

/** The path of every route about one claim: /claims/{claimId}/… */
export const ClaimPathSchema = z.object({ claimId: ClaimIdSchema });

/** The body of every answer other than success (the status codes are the route's `errors`). */
export const ErrorResponseSchema = z
  .object({
    error: z.string().meta({ description: 'a stable code: invalid_request, unauthorized, forbidden, …' }),
    message: z.string(),
    in: z.string().optional().meta({
      description:
        'with issues: the part of the request their paths are in (request body, query string, path parameters, request headers)',
    }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });
