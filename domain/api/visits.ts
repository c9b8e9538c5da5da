import { z } from 'zod';
import { CLAIM_STATUSES } from '../claim-status';
import { HospitalCodeSchema, RegionCodeSchema } from '../schema-primitives';
import { FenSchema } from './primitives';

/**
 * GET /my/visits: the citizen's visits to hospitals outside their home region, to file from
 * (functions/views/visit-views.ts builds them).
 */

/** GET /my/visits's query. */
export const MyVisitsQuerySchema = z
  .strictObject({
    homeRegion: RegionCodeSchema.meta({ description: 'the region the citizen is insured in (参保地)' }),
    hospitals: z
      .string()
      .max(200)
      .optional()
      .transform((list, ctx) => {
        const codes = (list ?? '').split(',').filter(Boolean);
        if (codes.length > 5) ctx.addIssue({ code: 'custom', message: 'at most 5 hospitals' });
        codes.forEach((code) => {
          if (!HospitalCodeSchema.safeParse(code).success)
            ctx.addIssue({ code: 'custom', message: `${code} is not a hospital code (H + 11 digits)` });
        });
        return codes;
      })
      .meta({
        description:
          'comma-separated hospital codes to ask, when the deployment’s visit source is `hospitals` ' +
          '(required there, at most 5); the `home-region` source knows every hospital and ignores it',
      }),
  })
  .meta({ id: 'MyVisitsQuery' });

export const VisitViewSchema = z
  .object({
    visitRef: z
      .string()
      .meta({ description: 'what POST /claims takes as `visitRef` to file from this visit' }),
    hospitalCode: z.string(),
    hospitalName: z.string(),
    visitNo: z.string(),
    careType: z.enum(['inpatient', 'outpatient']),
    serviceDate: z.string(),
    totalAmtFen: FenSchema,
    bills: z.array(z.object({ billNo: z.string(), totalAmtFen: FenSchema, settledDirectly: z.boolean() })),
    settledDirectly: z
      .boolean()
      .meta({ description: 'every bill was settled directly at the hospital: nothing to reimburse' }),
    claim: z
      .object({ claimId: z.string(), status: z.enum(CLAIM_STATUSES) })
      .optional()
      .meta({ description: 'the citizen’s latest claim in crossclaim for this visit, if any' }),
    claimable: z.boolean().meta({
      description: 'not settled directly and not claimed already (a rejected claim does not count)',
    }),
  })
  .meta({ id: 'Visit' });
export type VisitView = z.infer<typeof VisitViewSchema>;

export const MyVisitsViewSchema = z
  .object({
    source: z.enum(['home-region', 'hospitals']).meta({ description: 'where this deployment finds visits' }),
    visits: z.array(VisitViewSchema),
  })
  .meta({ id: 'MyVisits' });
