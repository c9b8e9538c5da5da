import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntilGone } from '../../support/process-liveness';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/start-dynamodb-local.ts', import.meta.url));

interface ParentRun {
  jvmPid: number;
  signal: (signal: NodeJS.Signals) => void;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a Node.js process that launches DynamoDB Local, and waits until it reports the JVM's pid. */
const startParent = (mode: 'exit' | 'wait'): Promise<ParentRun> =>
  new Promise((resolve, reject) => {
    const parent = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((settle) =>
      parent.once('exit', (code, signal) => settle({ code, signal })),
    );
    let stdout = '';
    let stderr = '';
    parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    parent.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const firstLine = stdout.split('\n')[0];
      if (stdout.includes('\n') && firstLine !== undefined) {
        const { pid } = JSON.parse(firstLine) as { pid: number };
        resolve({ jvmPid: pid, signal: (signal) => parent.kill(signal), ended });
      }
    });
    void ended.then(({ code }) => reject(new Error(`the parent ended early (code ${code}): ${stderr}`)));
  });

describe('DynamoDB Local does not outlive the process that started it', () => {
  it('dies when the parent calls process.exit, and the exit code is kept', async () => {
    const parent = await startParent('exit');

    await expect(parent.ended).resolves.toEqual({ code: 3, signal: null });
    await expect(waitUntilGone(parent.jvmPid)).resolves.toBe(true);
  });

  it('dies when the parent is sent SIGTERM, and the parent still ends by that signal', async () => {
    const parent = await startParent('wait');

    parent.signal('SIGTERM');

    await expect(parent.ended).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    await expect(waitUntilGone(parent.jvmPid)).resolves.toBe(true);
  });
});
