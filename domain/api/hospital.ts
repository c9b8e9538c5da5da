import { z } from 'zod';
import { HospitalCodeSchema } from '../schema-primitives';

/** What a hospital's route (POST /hospitals/{hospitalCode}/ebills) takes in its path and answers. */

export const HospitalPathSchema = z.object({ hospitalCode: HospitalCodeSchema });

export const EBillAcceptedSchema = z.object({
  hospitalCode: z.string(),
  billBatchCode: z.string(),
  billNo: z.string(),
  accepted: z.literal('for_verification'),
});
