import { describe, expect, it } from 'vitest';
import { BankUnavailableError, PayoutRefusedError, type PayoutInstruction } from '../../../adapters/payments';
import { BankSimulator } from '../../../local/bank/bank-simulator';

const instruction = (overrides: Partial<PayoutInstruction> = {}): PayoutInstruction => ({
  idempotencyKey: 'C20260301SIMULATOR0001',
  amountFen: 123_456,
  bankAccount: '6222020200112233445',
  accountName: '测试甲',
  reference: 'crossclaim C20260301SIMULATOR0001 ¥1,234.56',
  ...overrides,
});

describe('bank simulator (in-process PaymentGateway)', () => {
  it('answers a repeated instruction with the first transfer: one entry in the ledger', async () => {
    const bank = new BankSimulator();
    const first = await bank.transfer(instruction());
    const again = await bank.transfer(instruction());
    expect(again).toEqual(first);
    expect(first.amountFen).toBe(123_456);
    expect(bank.ledger()).toHaveLength(1);
    expect(bank.instructionsReceived).toBe(2);
  });

  it('refuses a key reused for a different instruction instead of answering the first', async () => {
    const bank = new BankSimulator();
    await bank.transfer(instruction());
    await expect(bank.transfer(instruction({ amountFen: 99 }))).rejects.toThrow(PayoutRefusedError);
    await expect(bank.transfer(instruction({ bankAccount: '6222020200112230000' }))).rejects.toThrow(
      /already used for a different instruction/,
    );
    expect(bank.ledger().map((t) => t.amountFen)).toEqual([123_456]);
  });

  it('fails the next N instructions as unavailable, then pays', async () => {
    const bank = new BankSimulator();
    bank.failNextInstructions(2);
    await expect(bank.transfer(instruction())).rejects.toThrow(BankUnavailableError);
    await expect(bank.transfer(instruction())).rejects.toThrow(BankUnavailableError);
    await expect(bank.transfer(instruction())).resolves.toMatchObject({ amountFen: 123_456 });
    expect(bank.faults().failNext).toBe(0);
  });

  it('refuses new instructions to a closed account, masking it, but still answers a transfer made before', async () => {
    const bank = new BankSimulator();
    const earlier = await bank.transfer(instruction());
    bank.refuseAccountsEndingIn(['3445']);
    const refused = bank.transfer(instruction({ idempotencyKey: 'C20260301SIMULATOR0002' }));
    await expect(refused).rejects.toThrow(PayoutRefusedError);
    await expect(refused).rejects.toThrow('account ****3445 is closed');
    await expect(bank.transfer(instruction())).resolves.toEqual(earlier);
  });

  it('answers only after the delay it was told to take', async () => {
    const bank = new BankSimulator();
    bank.setDelay(120);
    const started = Date.now();
    await bank.transfer(instruction());
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('reset gives a fresh bank: no transfers, no faults, nothing counted', async () => {
    const bank = new BankSimulator();
    await bank.transfer(instruction());
    bank.failNextInstructions(3);
    bank.setDelay(10);
    bank.refuseAccountsEndingIn(['1']);
    bank.reset();
    expect(bank.ledger()).toEqual([]);
    expect(bank.instructionsReceived).toBe(0);
    expect(bank.faults()).toEqual({ failNext: 0, delayMs: 0, refuseAccountsEndingIn: [] });
  });
});
