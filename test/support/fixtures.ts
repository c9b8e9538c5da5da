import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compilePolicy, parsePolicy, type CompiledPolicy } from '../../domain/policy';

/** An absolute path inside the repository. */
export const repoPath = (relative: string): string =>
  fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(repoPath(relative), 'utf8')) as unknown;
}

export function loadPolicy(relative: string): CompiledPolicy {
  return compilePolicy(parsePolicy(readJson(relative)));
}

export const SHARED_CASE_IDS = ['A', 'B', 'E', 'O1'] as const;
export const jiaxingPolicy = (): CompiledPolicy => loadPolicy('policies/jiaxing-employee-2026.json');
export const huzhouPolicy = (): CompiledPolicy => loadPolicy('policies/huzhou-resident-2026.json');
export const sharedCase = (id: string): unknown => readJson(`test/fixtures/shared/cases/${id}.json`);
