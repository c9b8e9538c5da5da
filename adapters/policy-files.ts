import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { compilePolicy, parsePolicy, withSeriousIllness, type CompiledPolicy } from '../domain/policy';
import { InvalidInputError } from '../domain/validation';

/** Parses JSON text, turning a syntax error into an InvalidInputError that names the file. */
function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(path, [{ path: '', message: `malformed JSON: ${(error as Error).message}` }]);
  }
}

export async function readJsonFile(path: string): Promise<unknown> {
  return parseJsonText(await readFile(path, 'utf8'), path);
}

/** Where a policy file's serious-illness tier file is, if it has one: serious-illness/<same name>. */
export const TIER_FOLDER = 'serious-illness';
export const tierFileOf = (policyPath: string): string =>
  join(dirname(policyPath), TIER_FOLDER, basename(policyPath));

/**
 * A policy file compiled with its tier file, if one sits beside it. The tier lives in its own
 * file where the policy's file must stay byte-for-byte what was received (docs/home-region.md).
 */
function compileDocument(document: unknown, path: string, tier: unknown): CompiledPolicy {
  const policy = parsePolicy(document, `policy ${path}`);
  const tierPath = tierFileOf(path);
  return compilePolicy(tier === undefined ? policy : withSeriousIllness(policy, tier, tierPath));
}

export async function loadPolicyFile(path: string): Promise<CompiledPolicy> {
  const tierPath = tierFileOf(path);
  const tier = existsSync(tierPath) ? await readJsonFile(tierPath) : undefined;
  return compileDocument(await readJsonFile(path), path, tier);
}

const policyFileNames = (names: string[]): string[] => names.filter((n) => n.endsWith('.json')).sort();

/** Every `*.json` policy in a folder (the project's policies/), compiled. */
export async function loadPolicyDirectory(dir: string): Promise<CompiledPolicy[]> {
  return Promise.all(policyFileNames(await readdir(dir)).map((n) => loadPolicyFile(join(dir, n))));
}

/**
 * The synchronous twin for a Lambda container's cold start, where dependencies are built
 * lazily inside a synchronous getter: a few small files, read once per container.
 */
export function loadPolicyDirectorySync(dir: string): CompiledPolicy[] {
  return policyFileNames(readdirSync(dir)).map((n) => {
    const path = join(dir, n);
    const tierPath = tierFileOf(path);
    const tier = existsSync(tierPath) ? parseJsonText(readFileSync(tierPath, 'utf8'), tierPath) : undefined;
    return compileDocument(parseJsonText(readFileSync(path, 'utf8'), path), path, tier);
  });
}
