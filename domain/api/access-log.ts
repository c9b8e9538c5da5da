import { z } from 'zod';
import { BilingualSchema } from './primitives';

/**
 * "Who looked at my case" (GET /claims/{claimId}/access-log): the staff reads of a case. Staff see
 * who by id; the citizen sees each member of staff as their role and a number stable for this
 * claim (functions/views/access-log-view.ts).
 */

export const AccessLogViewSchema = z
  .object({
    claimId: z.string(),
    reads: z.array(
      z.object({
        at: z.iso.datetime({ offset: true }).meta({ description: 'the first read of the minute' }),
        role: z.string(),
        region: z.string().optional(),
        who: BilingualSchema.meta({ description: 'role, number on this claim, region' }),
        /** Staff only. */
        actorId: z.string().optional(),
        route: z.string().meta({ description: 'the route that read it (function name)' }),
        why: BilingualSchema,
      }),
    ),
  })
  .meta({ id: 'AccessLogView', description: 'Every read of the case by staff, newest first.' });
export type AccessLogView = z.infer<typeof AccessLogViewSchema>;
