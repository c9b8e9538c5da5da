import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SignedEBill } from '../../domain/ebill';
import { InvalidInputError } from '../../domain/validation';
import { DETAIL_TYPES, EVENT_CONTRACTS } from '../../events/catalog';
import { ClaimPaid, ClaimStatusChanged, ClaimSubmitted } from '../../events/claim-events';
import { EBillIssued, EBillVoided } from '../../events/ebill-events';
import { parseEventBridgeEvent } from '../../events/envelope';
import { readJson, repoPath } from '../support/fixtures';

type Json = Record<string, unknown>;

const sample = (file: string): Json => readJson(`events/samples/${file}`) as Json;
const sampleFiles = readdirSync(repoPath('events/samples')).filter((file) => file.endsWith('.json'));
const detailOf = (event: Json): Json => event.detail as Json;

/** The issues parseEventBridgeEvent throws for `event`, as [path, message] pairs. */
function issuesOf(event: unknown, accept?: readonly (typeof DETAIL_TYPES)[number][]): [string, string][] {
  try {
    parseEventBridgeEvent(event, accept);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.issues.map((issue) => [issue.path, issue.message]);
    throw error;
  }
  throw new Error('expected the event to be refused');
}

const pathsOf = (event: unknown): string[] => issuesOf(event).map(([path]) => path);

describe('event samples (events/samples/)', () => {
  it('has one sample for every detail-type in the catalog', () => {
    const sampled = sampleFiles.map((file) => sample(file)['detail-type']);
    expect([...sampled].sort()).toEqual([...DETAIL_TYPES].sort());
  });

  it.each(sampleFiles)('%s parses as the detail-type it names', (file) => {
    const event = sample(file);

    const received = parseEventBridgeEvent(event);

    expect(received.detailType).toBe(event['detail-type']);
    expect(received.source).toBe(event.source);
    expect(received.detail).toEqual(event.detail);
  });

  it('files each contract under its own detail-type', () => {
    for (const [detailType, contract] of Object.entries(EVENT_CONTRACTS)) {
      expect(contract.detailType).toBe(detailType);
    }
  });
});

describe('detail.version', () => {
  const claimPaid = sample('claim-paid.json');
  const withDetail = (event: Json, changes: Json): Json => ({
    ...event,
    detail: { ...detailOf(event), ...changes },
  });

  it('refuses a major version the consumer does not know, naming detail.version alone', () => {
    // The rest of a 2.0 detail may look like anything: it is not read at all.
    const event = withDetail(claimPaid, { version: '2.0', amountFen: 'a lot' });

    const issues = issuesOf(event);

    expect(issues).toEqual([
      ['detail.version', expect.stringContaining('major version 2 is unknown') as string],
    ]);
    expect(issues[0]![1]).toContain('reads 1.x');
  });

  it('reads a later minor version of a known major, leaving out the fields it does not know', () => {
    const event = withDetail(claimPaid, { version: '1.7', currency: 'CNY' });

    const received = parseEventBridgeEvent(event, ['Claim.Paid']);

    expect(received.detail).toEqual({ ...detailOf(claimPaid), version: '1.7' });
  });

  it.each([
    ['1', 'must be "major.minor"'],
    ['v1.0', 'must be "major.minor"'],
    [1.0, 'is required'],
  ])('refuses version %j, naming detail.version', (version, message) => {
    expect(issuesOf(withDetail(claimPaid, { version }))).toEqual([
      ['detail.version', expect.stringContaining(message) as string],
    ]);
  });

  it('refuses a detail without a version', () => {
    const { version: _version, ...unversioned } = detailOf(claimPaid);

    expect(pathsOf({ ...claimPaid, detail: unversioned })).toEqual(['detail.version']);
  });
});

describe('the envelope', () => {
  const submitted = sample('claim-submitted.json');

  it('names an envelope field that is missing or wrong', () => {
    const { account: _account, ...withoutAccount } = submitted;

    expect(pathsOf(withoutAccount)).toEqual(['account']);
    expect(pathsOf({ ...submitted, version: '1' })).toEqual(['version']);
    expect(pathsOf({ ...submitted, detail: '{"version":"1.0"}' })).toEqual(['detail']);
  });

  it('refuses a detail-type outside the catalog, naming detail-type', () => {
    expect(issuesOf({ ...submitted, 'detail-type': 'Claim.Teleported' })).toEqual([
      [
        '["detail-type"]',
        expect.stringContaining('is "Claim.Teleported", not one of EBill.Issued') as string,
      ],
    ]);
  });

  it('refuses a detail-type the consumer did not ask for', () => {
    expect(issuesOf(submitted, ['EBill.Issued', 'EBill.Voided'])).toEqual([
      ['["detail-type"]', 'is "Claim.Submitted", not one of EBill.Issued, EBill.Voided'],
    ]);
  });

  it('refuses a claim event from any source but crossclaim.claims', () => {
    expect(issuesOf({ ...submitted, source: 'hospital.H33060200001' })).toEqual([
      [
        'source',
        'is "hospital.H33060200001", but this Claim.Submitted detail comes from "crossclaim.claims"',
      ],
    ]);
  });

  it('says which event it refused', () => {
    expect(() => parseEventBridgeEvent({ ...submitted, version: '1' })).toThrow(
      `EventBridge event ${String(submitted.id)}: version`,
    );
  });
});

describe('EBill.Issued', () => {
  const issued = sample('ebill-issued.json');
  const ebill = detailOf(issued).ebill as Json;
  const withEBill = (changes: Json): Json => ({
    ...issued,
    detail: { version: '1.0', ebill: { ...ebill, ...changes } },
  });

  it('carries the whole signed e-bill, visit number included, for matching a waiting claim', () => {
    const received = parseEventBridgeEvent(issued, ['EBill.Issued']);

    expect(received.detail.ebill.visitNo).toBe('ZY2026030900017');
    expect(received.detail.ebill.signature.keyId).toBe('H33060200001-2026');
  });

  it('names the e-bill field that is wrong', () => {
    expect(pathsOf(withEBill({ billNo: '12345' }))).toEqual(['detail.ebill.billNo']);
    expect(pathsOf(withEBill({ totalAmtFen: 1999999, ownPayFen: 1999999 }))).toEqual([
      'detail.ebill.totalAmtFen',
    ]);
  });

  it('refuses a bill with a field it does not know, since only what is known can be verified', () => {
    expect(pathsOf(withEBill({ discountFen: 100 }))).toEqual(['detail.ebill']);
  });

  it('refuses a bill published under another hospital than the one that issued it', () => {
    expect(issuesOf({ ...issued, source: 'hospital.H44010600002' })).toEqual([
      [
        'source',
        'is "hospital.H44010600002", but this EBill.Issued detail comes from "hospital.H33060200001"',
      ],
    ]);
  });

  it('is built from the bill, with the hospital as source', () => {
    const event = EBillIssued.event({ ebill: ebill as SignedEBill });

    expect(event).toEqual({
      source: 'hospital.H33060200001',
      detailType: 'EBill.Issued',
      detail: detailOf(issued),
    });
  });
});

describe('EBill.Voided', () => {
  const voided = sample('ebill-voided.json');

  it('names the reversal bill when a red bill cancelled it, and nothing when it was simply voided', () => {
    const { reversedBy: _reversedBy, ...plainVoid } = detailOf(voided);

    expect(parseEventBridgeEvent(voided, ['EBill.Voided']).detail.reversedBy).toEqual({
      billBatchCode: '33060126',
      billNo: '0012345901',
    });
    expect(
      parseEventBridgeEvent({ ...voided, detail: plainVoid }, ['EBill.Voided']).detail.reversedBy,
    ).toBeUndefined();
  });

  it('refuses a reversal that names the voided bill itself', () => {
    const detail = { ...detailOf(voided), reversedBy: { billBatchCode: '33060126', billNo: '0012345678' } };

    expect(issuesOf({ ...voided, detail })).toEqual([['detail.reversedBy', 'names the voided bill itself']]);
  });

  it('comes from the hospital it names', () => {
    const event = EBillVoided.event({
      hospitalCode: 'H33060200001',
      billBatchCode: '33060126',
      billNo: '0012345678',
      voidedAt: '2026-03-16T10:39:58+08:00',
    });

    expect(event.source).toBe('hospital.H33060200001');
  });
});

describe('claim and review events', () => {
  it('refuses a status change to the status it came from', () => {
    const changed = sample('claim-status-changed.json');

    expect(issuesOf({ ...changed, detail: { ...detailOf(changed), to: 'VERIFYING' } })).toEqual([
      ['detail.to', 'is the same as from (VERIFYING)'],
    ]);
  });

  it('refuses a payout in fractions of a fen', () => {
    const paid = sample('claim-paid.json');

    expect(pathsOf({ ...paid, detail: { ...detailOf(paid), amountFen: 1187500.5 } })).toEqual([
      'detail.amountFen',
    ]);
  });

  it('refuses an escalation dated before the case started waiting', () => {
    const escalated = sample('review-escalated.json');
    const detail = { ...detailOf(escalated), at: '2026-03-19T09:00:00+08:00' };

    expect(issuesOf({ ...escalated, detail })).toEqual([
      ['detail.at', 'is 2026-03-19T09:00:00+08:00, before waitingSince 2026-03-20T09:16:39+08:00'],
    ]);
  });

  it('are built at the current version from crossclaim.claims', () => {
    const event = ClaimPaid.event({
      claimId: 'clm-2026-000123',
      amountFen: 1187500,
      at: '2026-03-21T11:00:10+08:00',
    });

    expect(event).toEqual({
      source: 'crossclaim.claims',
      detailType: 'Claim.Paid',
      detail: {
        version: '1.0',
        claimId: 'clm-2026-000123',
        amountFen: 1187500,
        at: '2026-03-21T11:00:10+08:00',
      },
    });
  });

  it('cannot be built invalid: the builder names the field', () => {
    expect(() =>
      ClaimStatusChanged.event({
        claimId: 'clm-1',
        from: 'PAID',
        to: 'PENDING' as 'PAID',
        at: '2026-03-21T11:00:10Z',
      }),
    ).toThrow(/Claim\.StatusChanged detail: to: /);
  });

  it('drop whatever a producer adds beyond the contract, so personal data cannot ride along', () => {
    const fields = {
      claimId: 'clm-2026-000123',
      hospitalCode: 'H33060200001',
      homeRegion: '330400',
      careType: 'inpatient' as const,
      at: '2026-03-20T09:15:02+08:00',
      name: '测试张三',
      idNumber: '330402199001010011',
    };

    expect(Object.keys(ClaimSubmitted.event(fields).detail)).not.toContain('name');
    expect(Object.keys(ClaimSubmitted.event(fields).detail)).not.toContain('idNumber');
  });
});

describe('contract shapes (changing one is a new version)', () => {
  it.each([
    { detailType: 'EBill.Issued', fields: ['version', 'ebill'] },
    {
      detailType: 'EBill.Voided',
      fields: ['version', 'hospitalCode', 'billBatchCode', 'billNo', 'voidedAt', 'reversedBy'],
    },
    {
      detailType: 'Claim.Submitted',
      fields: ['version', 'claimId', 'hospitalCode', 'homeRegion', 'careType', 'at'],
    },
    { detailType: 'Claim.StatusChanged', fields: ['version', 'claimId', 'from', 'to', 'at', 'reasonCodes'] },
    { detailType: 'Claim.Paid', fields: ['version', 'claimId', 'amountFen', 'at'] },
    { detailType: 'Claim.Rejected', fields: ['version', 'claimId', 'reasonCodes', 'at'] },
    { detailType: 'Review.Escalated', fields: ['version', 'claimId', 'region', 'waitingSince', 'at'] },
  ] as const)('$detailType has exactly the fields it has at version 1.0', ({ detailType, fields }) => {
    const contract = EVENT_CONTRACTS[detailType];

    expect(Object.keys(contract.schema.shape)).toEqual(fields);
    expect(contract.currentVersion).toBe('1.0');
  });
});
