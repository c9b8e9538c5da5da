import type { ClaimCase } from '../../domain/claim';

let counter = 0;

/**
 * A fresh case as the store keeps it after filing, with obviously fake data and an id no other
 * call gives (the store's own tests write it straight to the table). `tag` names the test file
 * in the id, so a leftover item says where it came from.
 */
export function fakeStoredCase(tag: string, person = { name: '测试丙', hashChar: 'c' }): ClaimCase {
  counter += 1;
  const unique = `${String(counter).padStart(6, '0')}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  return {
    claimId: `C20260305${tag}${unique}`,
    status: 'SUBMITTED',
    version: 1,
    createdAt: '2026-03-05T09:00:00.000Z',
    updatedAt: '2026-03-05T09:00:00.000Z',
    insured: {
      idNumberHash: `sha256:${person.hashChar.repeat(64)}`,
      idNumberMasked: '3304**********0019',
      name: person.name,
      scheme: 'employee',
      status: 'working',
      homeRegion: '330400',
    },
    hospitalCode: 'H31010400002',
    visit: {
      visitNo: `V${unique}`,
      careType: 'outpatient',
      serviceDate: '2026-03-01',
      filingType: 'long_term',
    },
    consent: { fetchRecords: true, hospitalCode: 'H31010400002', grantedAt: '2026-03-05T08:00:00.000Z' },
    payout: { bankAccount: '6222000000000000001', accountName: person.name },
    receiptIds: [],
  };
}
