import { randomUUID } from 'node:crypto';
import {
  BankUnavailableError,
  PayoutRefusedError,
  type PaymentGateway,
  type PayoutInstruction,
  type PayoutReceipt,
} from '../../adapters/payments';
import { maskBankAccount } from '../../domain/masking';

export interface BankTransfer extends PayoutInstruction {
  bankReference: string;
  at: string;
}

/** The faults the simulated bank is switched into; all off in a fresh bank. */
export interface BankFaults {
  /** The next N instructions fail as if the bank were down (503 over HTTP). */
  failNext: number;
  /** Every instruction is answered only after this many milliseconds. */
  delayMs: number;
  /** Accounts ending in any of these digits are closed: instructions to them are refused for good. */
  refuseAccountsEndingIn: readonly string[];
}

/** What became of one instruction; the HTTP server turns each kind into its status code. */
export type InstructionOutcome =
  | { kind: 'accepted'; transfer: BankTransfer; replayed: boolean }
  | { kind: 'unavailable'; message: string }
  | { kind: 'account_closed'; message: string }
  | { kind: 'key_reused'; message: string };

const NO_FAULTS: BankFaults = { failNext: 0, delayMs: 0, refuseAccountsEndingIn: [] };

/**
 * The bank crossclaim pays through, simulated: it keeps every transfer by idempotency key and
 * answers a repeated instruction with the first result, as a real payment API does; the same
 * key with a different instruction is refused rather than silently answered with the first
 * (that would hide a bug that pays the wrong amount). It can be told to fail the next N
 * instructions (BankUnavailable), to answer slowly, or to treat some accounts as closed
 * (PayoutRefused). Used in-process by tests and behind local/bank/server.ts over HTTP.
 */
export class BankSimulator implements PaymentGateway {
  private readonly transfers = new Map<string, BankTransfer>();
  private readonly listeners = new Set<(transfer: BankTransfer) => void>();
  private currentFaults: BankFaults = NO_FAULTS;
  /** Every instruction received, duplicates included: a test can see retries happen. */
  instructionsReceived = 0;

  async transfer(instruction: PayoutInstruction): Promise<PayoutReceipt> {
    const outcome = await this.instruct(instruction);
    switch (outcome.kind) {
      case 'accepted':
        return { bankReference: outcome.transfer.bankReference, amountFen: outcome.transfer.amountFen };
      case 'unavailable':
        throw new BankUnavailableError(outcome.message);
      case 'account_closed':
      case 'key_reused':
        throw new PayoutRefusedError(outcome.message);
    }
  }

  /**
   * Carries out one instruction. Order matters and mirrors a real bank: an outage answers
   * nothing at all; a key seen before answers the first result even if the account has been
   * closed since (the money already moved); only a new instruction is checked against the account.
   */
  async instruct(instruction: PayoutInstruction): Promise<InstructionOutcome> {
    this.instructionsReceived++;
    const { delayMs } = this.currentFaults;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (this.currentFaults.failNext > 0) {
      this.currentFaults = { ...this.currentFaults, failNext: this.currentFaults.failNext - 1 };
      return { kind: 'unavailable', message: 'bank simulator: told to fail this instruction' };
    }

    const first = this.transfers.get(instruction.idempotencyKey);
    if (first) {
      if (sameInstruction(first, instruction)) return { kind: 'accepted', transfer: first, replayed: true };
      return {
        kind: 'key_reused',
        message: `idempotency key ${instruction.idempotencyKey} was already used for a different instruction`,
      };
    }

    const closedSuffix = this.currentFaults.refuseAccountsEndingIn.find((suffix) =>
      instruction.bankAccount.endsWith(suffix),
    );
    if (closedSuffix !== undefined) {
      return {
        kind: 'account_closed',
        message: `account ${maskBankAccount(instruction.bankAccount)} is closed`,
      };
    }

    const transfer: BankTransfer = {
      ...instruction,
      bankReference: `BK${randomUUID()}`,
      at: new Date().toISOString(),
    };
    this.transfers.set(instruction.idempotencyKey, transfer);
    for (const listener of this.listeners) listener(transfer);
    return { kind: 'accepted', transfer, replayed: false };
  }

  /** Told of every new transfer: the local world keeps the bank's ledger on disk with it. */
  onTransfer(listener: (transfer: BankTransfer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The ledger a previous run kept: the bank remembers what it paid across its restarts. */
  restore(transfers: readonly BankTransfer[]): void {
    for (const transfer of transfers) this.transfers.set(transfer.idempotencyKey, { ...transfer });
  }

  failNextInstructions(count: number): void {
    this.currentFaults = { ...this.currentFaults, failNext: count };
  }

  setDelay(ms: number): void {
    this.currentFaults = { ...this.currentFaults, delayMs: ms };
  }

  /** Replaces the list of closed-account suffixes ([] reopens every account). */
  refuseAccountsEndingIn(suffixes: readonly string[]): void {
    this.currentFaults = { ...this.currentFaults, refuseAccountsEndingIn: [...suffixes] };
  }

  faults(): BankFaults {
    return { ...this.currentFaults, refuseAccountsEndingIn: [...this.currentFaults.refuseAccountsEndingIn] };
  }

  /** A fresh bank: no transfers, no faults, no instructions counted. */
  reset(): void {
    this.transfers.clear();
    this.currentFaults = NO_FAULTS;
    this.instructionsReceived = 0;
  }

  find(idempotencyKey: string): BankTransfer | undefined {
    return this.transfers.get(idempotencyKey);
  }

  /** The bank's own record, for reconciliation: one entry per idempotency key, oldest first. */
  ledger(): BankTransfer[] {
    return [...this.transfers.values()];
  }
}

function sameInstruction(a: PayoutInstruction, b: PayoutInstruction): boolean {
  return (
    a.amountFen === b.amountFen &&
    a.bankAccount === b.bankAccount &&
    a.accountName === b.accountName &&
    a.reference === b.reference
  );
}
