import { z } from 'zod';
import { MAX_FEN } from './money';

/** An amount of money: a whole, non-negative number of fen. */
export const FenSchema = z
  .number({ error: 'must be a number of fen' })
  .int({ error: 'must be a whole number of fen (1 yuan = 100 fen), not a fraction' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_FEN, { error: `must not exceed ${MAX_FEN} fen` });

/** A region (统筹区) by its 6-digit administrative code. */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit region code' });

/** A hospital by its code: H and 11 digits. */
export const HospitalCodeSchema = z.string().regex(/^H\d{11}$/, { error: 'must be H followed by 11 digits' });

/** A crossclaim claim id (domain/claim-id.ts makes them). */
export const ClaimIdSchema = z
  .string()
  .regex(/^C[0-9A-Z]{10,40}$/, { error: 'must be a crossclaim claim id' });

/** A whole percentage 0–100. */
export const PercentSchema = z
  .number()
  .int({ error: 'must be a whole percentage' })
  .min(0, { error: 'must be at least 0' })
  .max(100, { error: 'must be at most 100' });

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export const IsoDateSchema = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });

export const HospitalLevelSchema = z.literal([1, 2, 3], { error: 'must be hospital level 1, 2 or 3' });
export type HospitalLevel = z.infer<typeof HospitalLevelSchema>;

export const InsuredStatusSchema = z.enum(['working', 'retired']);
export type InsuredStatus = z.infer<typeof InsuredStatusSchema>;

export const CareTypeSchema = z.enum(['inpatient', 'outpatient']);
export type CareType = z.infer<typeof CareTypeSchema>;

/** Cross-province filing (备案) status of the treatment. */
export const FilingTypeSchema = z.enum(['long_term', 'transfer', 'emergency', 'other_temp', 'unfiled']);
export type FilingType = z.infer<typeof FilingTypeSchema>;

/** 甲类 A fully eligible, 乙类 B eligible after a self-pay-first share, 丙类 C self-pay. */
export const ItemCategorySchema = z.enum(['A', 'B', 'C']);
export type ItemCategory = z.infer<typeof ItemCategorySchema>;
