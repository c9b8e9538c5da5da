import { describe, expect, it } from 'vitest';
import { adjudicateDocument } from '../../domain/adjudicate-document';
import { InvalidInputError, type InputIssue } from '../../domain/validation';
import { jiaxingPolicy, sharedCase } from '../support/fixtures';

type CaseDoc = {
  encounter: Record<string, unknown>;
  items: Record<string, unknown>[];
  [key: string]: unknown;
};

const policy = jiaxingPolicy();
const caseA = (): CaseDoc => structuredClone(sharedCase('A')) as CaseDoc;

function rejection(document: unknown): { subject: string; issues: readonly InputIssue[] } {
  try {
    adjudicateDocument(policy, document, 'bad.json');
  } catch (error) {
    if (error instanceof InvalidInputError) return { subject: error.subject, issues: error.issues };
    throw error;
  }
  throw new Error('expected the case to be rejected');
}

describe('adjudication case: bad input is named by case, field and reason', () => {
  it('a negative amount', () => {
    const doc = caseA();
    doc.items[1]!.amountFen = -100;
    expect(rejection(doc)).toEqual({
      subject: 'case A (bad.json)',
      issues: [{ path: 'items[1].amountFen', message: 'must not be negative' }],
    });
  });

  it('a fractional amount of fen', () => {
    const doc = caseA();
    doc.items[0]!.amountFen = 1800.5;
    expect(rejection(doc).issues).toEqual([
      {
        path: 'items[0].amountFen',
        message: 'must be a whole number of fen (1 yuan = 100 fen), not a fraction',
      },
    ]);
  });

  it('an unknown category', () => {
    const doc = caseA();
    doc.items[2]!.category = 'D';
    expect(rejection(doc).issues).toEqual([
      { path: 'items[2].category', message: expect.stringContaining('"A"|"B"|"C"') },
    ]);
  });

  it('hospital level 4', () => {
    const doc = caseA();
    doc.encounter.hospitalLevel = 4;
    expect(rejection(doc).issues).toEqual([
      { path: 'encounter.hospitalLevel', message: 'must be hospital level 1, 2 or 3' },
    ]);
  });

  it('a service date outside the policy', () => {
    const doc = caseA();
    doc.encounter.serviceDate = '2025-12-31';
    expect(rejection(doc).issues).toEqual([
      {
        path: 'encounter.serviceDate',
        message: "2025-12-31 is outside the policy's effective dates 2026-01-01 to 2026-12-31",
      },
    ]);
  });

  it('a stay without its admission sequence', () => {
    const doc = caseA();
    delete doc.encounter.admissionSeqInYear;
    expect(rejection(doc).issues).toEqual([
      { path: 'encounter.admissionSeqInYear', message: expect.stringContaining('is required') },
    ]);
  });

  it('a misspelt key, rather than a silent default', () => {
    const doc = caseA();
    doc.yearToDate = { fundPaidFen: 0, deductibleMetFen: 0, fundPayedFen: 5 };
    expect(rejection(doc).issues[0]?.path).toBe('yearToDate');
    expect(rejection(doc).issues[0]?.message).toContain('fundPayedFen');
  });

  it('a document without a case id is named by its source', () => {
    expect(rejection({ items: [] }).subject).toBe('bad.json');
  });
});
