import { existsSync, readFileSync } from 'node:fs';
import { TIER_FOLDER } from '../../adapters/policy-files';
import type { LineAmounts } from '../../domain/adjudication';
import {
  checkCaseAgainstPolicy,
  parseAdjudicationCase,
  type AdjudicationCase,
} from '../../domain/adjudication-case';
import {
  compilePolicy,
  parsePolicy,
  withSeriousIllness,
  type CompiledPolicy,
  type Policy,
} from '../../domain/policy';

/** The files the bench reads, found from this module so the bench runs from any directory. */
const repoFile = (relative: string): URL => new URL(`../../${relative}`, import.meta.url);

const readJson = (relative: string): unknown =>
  JSON.parse(readFileSync(repoFile(relative), 'utf8')) as unknown;

export const BENCH_POLICY_FILE = 'policies/jiaxing-employee-2026.json';

export interface BenchPolicy {
  source: Policy;
  compiled: CompiledPolicy;
}

/** The policy with its serious-illness tier file (policies/serious-illness/), as the runtime loads it. */
export function loadBenchPolicy(relative = BENCH_POLICY_FILE): BenchPolicy {
  const tierFile = relative.replace(/([^/]+)$/, `${TIER_FOLDER}/$1`);
  const policy = parsePolicy(readJson(relative), relative);
  const source = existsSync(repoFile(tierFile))
    ? withSeriousIllness(policy, readJson(tierFile), tierFile)
    : policy;
  return { source, compiled: compilePolicy(source) };
}

/** The shared reference cases that come with figures a correct engine must produce. */
export const REFERENCE_CASE_IDS = ['A', 'B', 'E', 'O1'] as const;

const CASES_DIR = 'test/fixtures/shared/cases';

export type ExpectedTotals = Partial<Record<keyof LineAmounts, number>>;

export interface ReferenceCases {
  cases: AdjudicationCase[];
  /** expected.json: claim totals by case id. */
  expected: Record<string, ExpectedTotals>;
}

/** The reference cases, parsed and checked against the policy as the engine's callers do. */
export function loadReferenceCases(policy: CompiledPolicy): ReferenceCases {
  const cases = REFERENCE_CASE_IDS.map((id) => {
    const file = `${CASES_DIR}/${id}.json`;
    const c = parseAdjudicationCase(readJson(file), file);
    checkCaseAgainstPolicy(policy, c, file);
    return c;
  });
  return { cases, expected: readJson(`${CASES_DIR}/expected.json`) as Record<string, ExpectedTotals> };
}
