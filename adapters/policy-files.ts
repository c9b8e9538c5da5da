import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compilePolicy, parsePolicy, type CompiledPolicy } from '../domain/policy';
import { InvalidInputError } from '../domain/validation';

/** Reads a JSON file, turning a syntax error into an InvalidInputError that names the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(path, [{ path: '', message: `malformed JSON: ${(error as Error).message}` }]);
  }
}

export async function loadPolicyFile(path: string): Promise<CompiledPolicy> {
  return compilePolicy(parsePolicy(await readJsonFile(path), `policy ${path}`));
}

/** Every `*.json` policy in a folder (the project's policies/), compiled. */
export async function loadPolicyDirectory(dir: string): Promise<CompiledPolicy[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map((n) => loadPolicyFile(join(dir, n))));
}
