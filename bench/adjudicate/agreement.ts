import { adjudicate, type LineAmounts } from '../../domain/adjudication';
import type { AdjudicationCase } from '../../domain/adjudication-case';
import type { CompiledPolicy } from '../../domain/policy';
import type { ExpectedTotals, ReferenceCases } from './fixtures';
import { AMOUNT_KEYS } from '../../domain/adjudication';
import type { JsonRulesAdjudicator } from './json-rules-engine-policy';

/**
 * A benchmark of a wrong implementation means nothing: before anything is timed, both
 * implementations must produce the same fen on every line and every total of every claim.
 */
export interface AgreementReport {
  casesChecked: number;
  linesChecked: number;
  /** One sentence per differing amount; empty when the two agree everywhere. */
  differences: string[];
}

function amountDifferences(where: string, ours: LineAmounts, theirs: LineAmounts): string[] {
  return AMOUNT_KEYS.filter((key) => ours[key] !== theirs[key]).map(
    (key) => `${where} ${key}: engine ${ours[key]}, json-rules-engine ${theirs[key]}`,
  );
}

export async function checkAgreement(
  policy: CompiledPolicy,
  cases: readonly AdjudicationCase[],
  rules: JsonRulesAdjudicator,
): Promise<AgreementReport> {
  const report: AgreementReport = { casesChecked: 0, linesChecked: 0, differences: [] };
  for (const c of cases) {
    const ours = adjudicate(policy, c);
    let theirs;
    try {
      theirs = await rules.adjudicate(c);
    } catch (error) {
      report.differences.push(`case ${c.caseId}: json-rules-engine failed: ${(error as Error).message}`);
      continue;
    }
    const claim = `case ${c.caseId}`;
    const { differences } = report;
    if (ours.ratioBp !== theirs.ratioBp)
      differences.push(`${claim} ratioBp: ${ours.ratioBp} vs ${theirs.ratioBp}`);
    if (ours.deductibleDueFen !== theirs.deductibleDueFen) {
      differences.push(`${claim} deductibleDueFen: ${ours.deductibleDueFen} vs ${theirs.deductibleDueFen}`);
    }
    if (ours.capLeftFen !== theirs.capLeftFen) {
      differences.push(`${claim} capLeftFen: ${ours.capLeftFen} vs ${theirs.capLeftFen}`);
    }
    if (ours.lines.length !== theirs.lines.length) {
      differences.push(`${claim}: ${ours.lines.length} lines vs ${theirs.lines.length}`);
    }
    ours.lines.forEach((line, index) => {
      const other = theirs.lines[index];
      if (other) differences.push(...amountDifferences(`${claim} line ${line.seq}`, line, other));
    });
    differences.push(...amountDifferences(`${claim} total`, ours, theirs.totals));
    report.casesChecked += 1;
    report.linesChecked += ours.lines.length;
  }
  return report;
}

function differencesFromExpected(
  label: string,
  caseId: string,
  totals: LineAmounts,
  expected: ExpectedTotals,
) {
  return AMOUNT_KEYS.filter((key) => expected[key] !== undefined && expected[key] !== totals[key]).map(
    (key) => `${label}, case ${caseId} ${key}: ${totals[key]}, expected.json says ${expected[key]}`,
  );
}

/** The reference cases: both implementations agree, and both give the figures of expected.json. */
export async function checkReferenceCases(
  policy: CompiledPolicy,
  reference: ReferenceCases,
  rules: JsonRulesAdjudicator,
): Promise<AgreementReport> {
  const report = await checkAgreement(policy, reference.cases, rules);
  for (const c of reference.cases) {
    const expected = reference.expected[c.caseId];
    if (!expected || Object.keys(expected).length === 0) {
      report.differences.push(`case ${c.caseId}: no figures in expected.json`);
      continue;
    }
    report.differences.push(...differencesFromExpected('engine', c.caseId, adjudicate(policy, c), expected));
    const theirs = await rules.adjudicate(c).catch(() => undefined);
    if (theirs)
      report.differences.push(
        ...differencesFromExpected('json-rules-engine', c.caseId, theirs.totals, expected),
      );
  }
  return report;
}
