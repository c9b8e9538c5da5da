import { spawnSync } from 'node:child_process';
import { repoPath } from './fixtures';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `crossclaim` command as a user would (same entry point as `npx crossclaim`). */
export function runCli(args: string[], options: { cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [repoPath('cli/crossclaim.mjs'), ...args], {
    cwd: options.cwd ?? repoPath('.'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
