import { existsSync, readFileSync } from 'node:fs';
import { tierFileOf } from '../../adapters/policy-files';
import { fileURLToPath } from 'node:url';
import { compilePolicy, parsePolicy, withSeriousIllness, type CompiledPolicy } from '../../domain/policy';

/** An absolute path inside the repository. */
export const repoPath = (relative: string): string =>
  fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(repoPath(relative), 'utf8')) as unknown;
}

/** A policy file as the runtime loads it: with its serious-illness tier file, if one sits beside it. */
export function loadPolicy(relative: string): CompiledPolicy {
  const policy = parsePolicy(readJson(relative));
  const tierPath = tierFileOf(repoPath(relative));
  return compilePolicy(existsSync(tierPath) ? withSeriousIllness(policy, readJsonAt(tierPath)) : policy);
}

/** The policy file alone, without a tier file (the Jiaxing file as received has none). */
export function loadPolicyFileOnly(relative: string): CompiledPolicy {
  return compilePolicy(parsePolicy(readJson(relative)));
}

const readJsonAt = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

export const SHARED_CASE_IDS = ['A', 'B', 'E', 'O1'] as const;
export const jiaxingPolicy = (): CompiledPolicy => loadPolicy('policies/jiaxing-employee-2026.json');
export const huzhouPolicy = (): CompiledPolicy => loadPolicy('policies/huzhou-resident-2026.json');
export const sharedCase = (id: string): unknown => readJson(`test/fixtures/shared/cases/${id}.json`);
