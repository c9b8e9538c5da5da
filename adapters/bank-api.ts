import { z } from 'zod';
import { FenSchema } from '../domain/schema-primitives';

/**
 * The bank's transfer API as crossclaim speaks it: the HTTP client (adapters/bank-http-client.ts)
 * sends and parses these shapes, and the local bank simulator's server (local/bank/server.ts)
 * accepts and answers them, so the two cannot drift apart.
 *
 *   POST /transfers              Idempotency-Key: <claim id>   body TransferRequest
 *        201 Transfer (new) · 200 Transfer (a replay of the same instruction)
 *        400 invalid request · 422 refused (account closed) or key reused for another instruction
 *        503 unavailable
 *   GET  /transfers/{key}         200 Transfer · 404
 *   GET  /ledger                  200 { transfers: Transfer[] }, oldest first
 *
 * Responses never carry a full account number (a real bank's API echoes the last digits only),
 * so nothing that logs or prints a response can leak one.
 */

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Claim ids fit easily; the key is also a path segment of GET /transfers/{key}, hence the alphabet. */
export const IdempotencyKeySchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
  error: 'must be 1 to 128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
});

/** The same rule as a claim's payout account (domain/claim.ts). */
export const BankAccountSchema = z.string().regex(/^\d{12,19}$/, { error: 'must be 12 to 19 digits' });

export const TransferRequestSchema = z.strictObject({
  amountFen: FenSchema.min(1, { error: 'must be at least 1 fen: the bank moves no zero amounts' }),
  bankAccount: BankAccountSchema,
  accountName: z.string().trim().min(1, { error: 'must not be empty' }).max(50),
  /** Shown on the citizen's statement. */
  reference: z.string().min(1, { error: 'must not be empty' }).max(140),
});
export type TransferRequest = z.infer<typeof TransferRequestSchema>;

/** What the bank answers about one transfer. Parsed loosely: a bank may add fields. */
export const TransferSchema = z.object({
  idempotencyKey: z.string(),
  bankReference: z.string().min(1),
  amountFen: FenSchema,
  /** '****3445' */
  maskedBankAccount: z.string(),
  reference: z.string(),
  /** ISO timestamp at which the bank accepted the instruction. */
  at: z.string(),
});
export type Transfer = z.infer<typeof TransferSchema>;

export const LedgerSchema = z.object({ transfers: z.array(TransferSchema) });
export type Ledger = z.infer<typeof LedgerSchema>;

/** Why the bank said no; `error` is a code for machines, `message` words for people (account masked). */
export const BankErrorSchema = z.object({
  error: z.string(),
  message: z.string().optional(),
});
export type BankError = z.infer<typeof BankErrorSchema>;

/** The error codes the bank answers with, so both sides spell them the same. */
export const BANK_ERRORS = {
  invalidRequest: 'invalid_request',
  missingIdempotencyKey: 'missing_idempotency_key',
  idempotencyKeyReused: 'idempotency_key_reused',
  accountClosed: 'account_closed',
  unavailable: 'bank_unavailable',
  transferNotFound: 'transfer_not_found',
} as const;
