import { randomUUID } from 'node:crypto';
import {
  BankUnavailableError,
  type PaymentGateway,
  type PayoutInstruction,
  type PayoutReceipt,
} from '../../adapters/payments';

export interface BankTransfer extends PayoutInstruction {
  bankReference: string;
  at: string;
}

/**
 * The bank crossclaim pays through, simulated: it keeps every transfer by idempotency key and
 * answers a repeated instruction with the first result, as a real payment API does; it can be
 * told to fail the next N instructions (BankUnavailable) or to answer slowly.
 */
export class BankSimulator implements PaymentGateway {
  private readonly transfers = new Map<string, BankTransfer>();
  private failNext = 0;
  private delayMs = 0;
  /** Every instruction received, duplicates included: a test can see retries happen. */
  instructionsReceived = 0;

  async transfer(instruction: PayoutInstruction): Promise<PayoutReceipt> {
    this.instructionsReceived++;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      throw new BankUnavailableError('bank simulator: told to fail this instruction');
    }
    const first = this.transfers.get(instruction.idempotencyKey);
    if (first) return { bankReference: first.bankReference, amountFen: first.amountFen };
    const transfer: BankTransfer = {
      ...instruction,
      bankReference: `BK${randomUUID()}`,
      at: new Date().toISOString(),
    };
    this.transfers.set(instruction.idempotencyKey, transfer);
    return { bankReference: transfer.bankReference, amountFen: transfer.amountFen };
  }

  failNextInstructions(count: number): void {
    this.failNext = count;
  }

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** The bank's own record, for reconciliation: one entry per idempotency key. */
  ledger(): BankTransfer[] {
    return [...this.transfers.values()];
  }
}
