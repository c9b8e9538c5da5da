import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskIdNumber, maskName, redactPersonalData } from '../../domain/masking';

describe('masking personal data for display and logs', () => {
  it('masks an ID number to its first 4 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('masks a bank account to its last 4 digits, hiding its length too', () => {
    expect(maskBankAccount('6222 0202 0011 2233 445')).toBe('****3445');
    expect(maskBankAccount('6222020200112233')).toBe('****2233');
    expect(maskBankAccount('123')).toBe('****');
  });

  it('masks a Chinese name to its first character and one star per other character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('测试患者0007')).toBe('测*******');
  });

  it('masks a Latin name to its first letter and a fixed ***', () => {
    expect(maskName('Test Zhang')).toBe('T***');
    expect(maskName(' Li ')).toBe('L***');
    expect(maskName('')).toBe('');
  });
});

describe('redactPersonalData', () => {
  const claimLog = {
    claimId: 'c-1',
    insured: { name: '测试患者0007', idNumber: '330402199001010019', status: 'working' },
    payee: { accountName: 'Test Zhang', bankAccount: '6222020200112233445' },
    bill: {
      hospital: { code: 'H33060200001', name: 'Example People’s Hospital (test)' },
      payer: { name: 'Test Zhang', idNumberMasked: '3304**********0019', idNumberHash: 'sha256:abc' },
      admission: { admitDate: '2026-03-09', diagnosis: { code: 'H25.900', system: 'ICD-10' } },
      listDetail: [{ code: '110900001', name: '床位费', amountFen: 180000 }],
    },
    refunds: [{ accountNo: '6222020200119999', amountFen: 100 }],
  };

  it('masks ID numbers, accounts, personal names and the ID hash, and removes diagnoses, at any depth', () => {
    const redacted = redactPersonalData(claimLog);
    expect(redacted.insured).toEqual({
      name: '测*******',
      idNumber: '3304**********0019',
      status: 'working',
    });
    expect(redacted.payee).toEqual({ accountName: 'T***', bankAccount: '****3445' });
    expect(redacted.bill.payer).toEqual({
      name: 'T***',
      idNumberMasked: '3304**********0019',
      idNumberHash: '[redacted]',
    });
    expect(redacted.bill.admission).toEqual({ admitDate: '2026-03-09', diagnosis: '[redacted]' });
    expect(redacted.refunds[0]).toEqual({ accountNo: '****9999', amountFen: 100 });
  });

  it('keeps the names of things (hospitals, items) readable', () => {
    const redacted = redactPersonalData(claimLog);
    expect(redacted.bill.hospital.name).toBe('Example People’s Hospital (test)');
    expect(redacted.bill.listDetail[0]?.name).toBe('床位费');
  });

  it('does not change its input', () => {
    const before = structuredClone(claimLog);
    redactPersonalData(claimLog);
    expect(claimLog).toEqual(before);
  });

  it('leaves absent values, primitives and non-plain objects as they are, and survives cycles', () => {
    const when = new Date('2026-03-14T00:00:00Z');
    expect(redactPersonalData({ idNumber: null, bankAccount: undefined, at: when })).toEqual({
      idNumber: null,
      bankAccount: undefined,
      at: when,
    });
    expect(redactPersonalData('330402199001010019')).toBe('330402199001010019');
    const cyclic: Record<string, unknown> = { idNumber: '330402199001010019' };
    cyclic.self = cyclic;
    expect(redactPersonalData(cyclic)).toEqual({ idNumber: '3304**********0019', self: '[circular]' });
  });
});
