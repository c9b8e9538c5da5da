import { readFileSync, readdirSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compilePolicy, parsePolicy, type CompiledPolicy } from '../domain/policy';
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

const compileDocument = (document: unknown, path: string): CompiledPolicy =>
  compilePolicy(parsePolicy(document, `policy ${path}`));

export async function loadPolicyFile(path: string): Promise<CompiledPolicy> {
  return compileDocument(await readJsonFile(path), path);
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
    return compileDocument(parseJsonText(readFileSync(path, 'utf8'), path), path);
  });
}
