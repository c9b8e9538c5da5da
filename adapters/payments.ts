/**
 * The bank that carries out payouts. Every instruction carries an idempotency key (the claim
 * id): the bank answers a repeated instruction with the first result, so a retried PayOut
 * step cannot send money twice. The local bank simulator and tests implement this too.
 */
export interface PaymentGateway {
  transfer(instruction: PayoutInstruction): Promise<PayoutReceipt>;
}

export interface PayoutInstruction {
  idempotencyKey: string;
  amountFen: number;
  bankAccount: string;
  accountName: string;
  /** Shown on the citizen's bank statement. */
  reference: string;
}

export interface PayoutReceipt {
  bankReference: string;
  amountFen: number;
}

/** Transient: the state machine retries on this name. */
export class BankUnavailableError extends Error {
  override readonly name = 'BankUnavailable';
}

/** Final: the bank refused the instruction (closed account, name mismatch); a clerk must look. */
export class PayoutRefusedError extends Error {
  override readonly name = 'PayoutRefused';
}
