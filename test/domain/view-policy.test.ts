import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, type ViewAudience } from '../../domain/data-classification';
import { maskBankAccount, maskIdNumber, maskName } from '../../domain/masking';
import { fateOf, viewFor } from '../../domain/view-policy';

const ID = '110101199001011234';
const ACCOUNT = '6222020200112233445';
const AUDIENCES: readonly ViewAudience[] = ['citizen', 'staff', 'hospital', 'public'];

/** A case-like answer carrying one field of each kind the policy treats differently. */
const answer = () => ({
  claimId: 'C20260101ABCDEFGHJKMN',
  idNumberHash: `sha256:${'a'.repeat(64)}`,
  insured: { name: '测试甲', idNumber: ID, idNumberMasked: maskIdNumber(ID) },
  payout: { bankAccount: ACCOUNT, bankAccountMasked: maskBankAccount(ACCOUNT) },
  diagnosis: { code: 'J18.9', name: '肺炎' },
  decision: { decision: 'approve', note: '已核实', clerkId: 'clerk-jx-7', checkNote: '内部备注' },
  assignee: { clerkId: 'clerk-jx-7', at: '2026-01-01T00:00:00Z' },
  lines: [{ name: '血常规', amountFen: 3500 }],
});

describe('the view policy: each field of an answer by its label and its audience', () => {
  it('a citizen gets their case without staff identities, internal notes or the ID hash, and with ID and account masked', () => {
    const seen = viewFor(answer(), 'citizen');
    expect(seen).toEqual({
      claimId: 'C20260101ABCDEFGHJKMN',
      insured: { name: '测试甲', idNumber: maskIdNumber(ID), idNumberMasked: maskIdNumber(ID) },
      payout: { bankAccount: maskBankAccount(ACCOUNT), bankAccountMasked: maskBankAccount(ACCOUNT) },
      diagnosis: { code: 'J18.9', name: '肺炎' },
      decision: { decision: 'approve', note: '已核实' },
      lines: [{ name: '血常规', amountFen: 3500 }],
    });
  });

  it('staff get staff identities and notes too; never the ID hash, never a full ID or account', () => {
    const seen = viewFor(answer(), 'staff');
    expect(seen.decision).toEqual(answer().decision);
    expect(seen.assignee).toEqual(answer().assignee);
    expect(seen.diagnosis).toEqual(answer().diagnosis);
    expect(seen).not.toHaveProperty('idNumberHash');
    expect(JSON.stringify(seen)).not.toContain(ID);
    expect(JSON.stringify(seen)).not.toContain(ACCOUNT);
  });

  it('a hospital or an anonymous caller gets no diagnosis and the person’s name masked', () => {
    for (const audience of ['hospital', 'public'] as const) {
      const seen = viewFor(answer(), audience);
      expect(seen, audience).not.toHaveProperty('diagnosis');
      expect(seen.insured.name, audience).toBe(maskName('测试甲'));
      expect(seen.lines, audience).toEqual(answer().lines); // an item's name is no person's
      expect(seen.decision, audience).toEqual({ decision: 'approve', note: '已核实' });
    }
  });

  it('leaves the input as it was, and null or absent values as they are', () => {
    const input = answer();
    viewFor(input, 'citizen');
    expect(input).toEqual(answer());
    expect(viewFor({ idNumber: null, clerkId: undefined }, 'citizen')).toEqual({
      idNumber: null,
      clerkId: undefined,
    });
  });

  it('property: whatever the nesting, a labelled field never reaches an audience its label keeps it from', () => {
    const keys = Object.keys(FIELD_LABELS).filter((k) => !k.includes('.'));
    const leaf = fc.oneof(fc.constant(ID), fc.constant(ACCOUNT), fc.string({ maxLength: 8 }), fc.integer());
    const tree = fc.letrec((tie) => ({
      node: fc.dictionary(
        fc.constantFrom(...keys),
        fc.oneof({ depthSize: 'small' }, leaf, tie('node'), fc.array(tie('node'), { maxLength: 2 })),
        {
          maxKeys: 6,
        },
      ),
    })).node;
    fc.assert(
      fc.property(tree, fc.constantFrom(...AUDIENCES), (value, audience) => {
        const seen = viewFor(value, audience);
        const walk = (node: unknown, parent: string) => {
          if (Array.isArray(node)) return node.forEach((n) => walk(n, parent));
          if (node === null || typeof node !== 'object') return;
          for (const [key, field] of Object.entries(node)) {
            const label = FIELD_LABELS[`${parent}.${key}`] ?? FIELD_LABELS[key];
            expect(fateOf(label, audience), `${parent}.${key} for ${audience}`).not.toBe('drop');
            if (label?.mask === 'idNumber' || label?.mask === 'bankAccount') {
              expect([ID, ACCOUNT]).not.toContain(field);
            }
            walk(field, key);
          }
        };
        walk(seen, '');
      }),
      { numRuns: 2000 },
    );
  });
});
