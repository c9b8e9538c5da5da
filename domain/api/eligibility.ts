import { z } from 'zod';
import { IsoDateSchema, RegionCodeSchema } from '../schema-primitives';

/** GET /eligibility's query: whose system to ask, and about which date. */
export const EligibilityQuerySchema = z
  .strictObject({
    homeRegion: RegionCodeSchema.meta({ description: 'the region the citizen is insured in (参保地)' }),
    date: IsoDateSchema.optional().meta({ description: 'the date the answer is about; today if absent' }),
  })
  .meta({ id: 'EligibilityQuery' });

export const FhirEligibilitySchema = z
  .looseObject({ resourceType: z.literal('CoverageEligibilityResponse') })
  .meta({
    id: 'FhirCoverageEligibilityResponse',
    description:
      'A FHIR R4 CoverageEligibilityResponse (https://hl7.org/fhir/R4/coverageeligibilityresponse.html), ' +
      'served as application/fhir+json: insurance[0] is the enrolment (inforce on the date asked), its items ' +
      'the filings (category urn:crossclaim:filing-type, excluded when not in force on the date) and the ' +
      'year’s totals (category urn:crossclaim:benefit-tier: basic-fund-inpatient, basic-fund-outpatient, ' +
      'serious-illness) with used and allowed money.',
  });
