import { describe, expect, it } from 'vitest';
import { adjudicateDocument } from '../../domain/adjudicate-document';
import { InvalidInputError } from '../../domain/validation';
import { huzhouPolicy, jiaxingPolicy, readJson, sharedCase, SHARED_CASE_IDS } from '../support/fixtures';

const expected = readJson('test/fixtures/shared/cases/expected.json') as Record<
  string,
  Record<string, number>
>;

describe('adjudicate: Jiaxing employee policy (shared reference cases)', () => {
  const policy = jiaxingPolicy();

  it.each(SHARED_CASE_IDS)('case %s gives exactly the expected figures', (id) => {
    const r = adjudicateDocument(policy, sharedCase(id));
    expect({
      submittedFen: r.submittedFen,
      eligibleFen: r.eligibleFen,
      deductibleFen: r.deductibleFen,
      benefitFen: r.benefitFen,
      patientPaysFen: r.patientPaysFen,
    }).toEqual(expected[id]);
  });

  it('case A: takes the deductible from the first line and pays 86% of the rest', () => {
    const r = adjudicateDocument(policy, sharedCase('A'));
    expect(r.lines.map((l) => [l.deductibleFen, l.benefitFen])).toEqual([
      [80000, 86000],
      [0, 533200],
      [0, 387000],
      [0, 464400],
      [0, 0],
    ]);
  });

  it('case A: explains category B and C lines in plain words, Chinese first', () => {
    const r = adjudicateDocument(policy, sharedCase('A'));
    const lens = r.lines[3]!;
    expect(lens.reason.en).toContain('Category B: 10% self-paid first, ¥600.00');
    expect(lens.reason.zh).toContain('乙类项目，个人先行自付 10%（¥600.00）');
    const premium = r.lines[4]!;
    expect(premium.selfPayFen).toBe(150000);
    expect(premium.reason.zh).toContain('丙类');
    expect(premium.reason.en).toContain('not covered; you pay ¥1,500.00');
  });

  it('case B: says why the ratio is lower for unfiled treatment', () => {
    const r = adjudicateDocument(policy, sharedCase('B'));
    expect(r.ratioBp).toBe(7600);
    expect(r.notes.map((n) => n.en).join(' ')).toContain('cut by 10 points, to 76%');
  });

  it('case E: halves the deductible for the second stay and says so', () => {
    const r = adjudicateDocument(policy, sharedCase('E'));
    expect(r.deductibleDueFen).toBe(40000);
    expect(r.notes[0]?.zh).toContain('第 2 次住院');
  });

  it('every line carries FHIR-style amounts that add up to what was billed', () => {
    for (const id of SHARED_CASE_IDS) {
      for (const l of adjudicateDocument(policy, sharedCase(id)).lines) {
        expect(
          l.selfPayFen + l.selfPayFirstFen + l.deductibleFen + l.coinsuranceFen + l.overCapFen + l.benefitFen,
        ).toBe(l.submittedFen);
      }
    }
  });
});

describe('adjudicate: Huzhou resident policy (a second region, added as a JSON file only)', () => {
  const policy = huzhouPolicy();
  const caseFile = (id: string) => readJson(`test/fixtures/cases/huzhou-resident/${id}.json`);

  it('R1: level 2, unfiled: 75% scaled to 80% is 60%; default 15% category B share', () => {
    // Eligible 3,000.00 + (1,000.00 − 150.00) = 3,850.00; deductible 600.00 from the first line;
    // fund 60% × 2,400.00 = 1,440.00 and 60% × 850.00 = 510.00.
    const r = adjudicateDocument(policy, caseFile('R1'));
    expect(r).toMatchObject({
      submittedFen: 420000,
      selfPayFen: 20000,
      selfPayFirstFen: 15000,
      eligibleFen: 385000,
      deductibleFen: 60000,
      benefitFen: 195000,
      patientPaysFen: 225000,
      ratioBp: 6000,
    });
  });

  it('R2: outpatient: the yearly deductible already partly met, and the annual cap stops the fund', () => {
    // Deductible 1,000.00 − 700.00 met = 300.00; 40% × 200.00 = 80.00, but only 50.00 of the cap is left.
    const r = adjudicateDocument(policy, caseFile('R2'));
    expect(r).toMatchObject({
      deductibleFen: 30000,
      capLeftFen: 5000,
      benefitFen: 5000,
      overCapFen: 3000,
      patientPaysFen: 45000,
    });
    expect(r.lines[0]?.reason.en).toContain('Above the annual fund cap: ¥30.00');
  });

  it('R3: third stay at 30% of the deductible, ratio 63 − 10 points, rounded half up once', () => {
    // 5% of 10,000.01 = 500.0005 → 500.00; eligible 9,500.01; deductible 1,000.00 × 30% = 300.00;
    // 53% × 9,200.01 = 4,876.0053 → 4,876.01.
    const r = adjudicateDocument(policy, caseFile('R3'));
    expect(r).toMatchObject({
      selfPayFirstFen: 50000,
      eligibleFen: 950001,
      deductibleFen: 30000,
      benefitFen: 487601,
      patientPaysFen: 512400,
      ratioBp: 5300,
    });
  });

  it('refuses a case written for another policy', () => {
    expect(() => adjudicateDocument(policy, sharedCase('A'))).toThrow(InvalidInputError);
  });
});
