import { spawn, spawnSync } from 'node:child_process';
import { repoPath } from './fixtures';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const CLI_TIMEOUT_MS = 60_000;

/** Runs the `crossclaim` command as a user would (same entry point as `npx crossclaim`). */
export function runCli(args: string[], options: { cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [repoPath('cli/crossclaim.mjs'), ...args], {
    cwd: options.cwd ?? repoPath('.'),
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Like runCli, without blocking this process while the command runs: for a command that talks
 * to a server the test itself runs (a simulator in this process could not answer otherwise).
 * `env` is added to this process's environment.
 */
export function runCliAsync(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('cli/crossclaim.mjs'), ...args], {
      cwd: options.cwd ?? repoPath('.'),
      env: { ...process.env, ...options.env },
      timeout: CLI_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
