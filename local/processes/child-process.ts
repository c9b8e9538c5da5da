import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseReadyLine } from './ready-line';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildOptions {
  /** The entry file, relative to the repository root. */
  entry: string;
  /** Shown before each line the child prints. */
  label: string;
  /** The tag of the child's ready line. */
  readyTag: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** Where the child's other output goes; the terminal by default. */
  output?: (line: string) => void;
}

export interface RunningChild {
  process: ChildProcess;
  ready: Record<string, unknown>;
  /** Resolves with the exit code (or signal) when the child ends. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * CROSSCLAIM_CPU_PROF=<dir> writes a V8 CPU profile of each child into <dir> when it ends
 * (`--cpu-prof` is not allowed in NODE_OPTIONS, and the work of `npm start` is in its children).
 */
const profilingFlags = (): string[] => {
  const dir = process.env.CROSSCLAIM_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
};

/**
 * Starts a TypeScript entry file as a child process (the same Node, tsx as loader) and waits
 * for its ready line. A child that dies before it is ready is an error with its last output.
 */
export function startChild(options: ChildOptions): Promise<RunningChild> {
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const child = spawn(process.execPath, [...profilingFlags(), '--import', 'tsx', options.entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // stdio 'pipe' gives both streams; the types cannot know that.
  const { stdout, stderr } = child as ChildProcess & {
    stdout: NodeJS.ReadableStream;
    stderr: NodeJS.ReadableStream;
  };
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${options.label} was not ready within ${options.timeoutMs ?? 60_000} ms:\n${tail.join('\n')}`,
        ),
      );
    }, options.timeoutMs ?? 60_000);
    createInterface({ input: stdout }).on('line', (line) => {
      const details = ready ? undefined : parseReadyLine(options.readyTag, line);
      if (details) {
        ready = true;
        clearTimeout(timer);
        resolve({
          process: child,
          ready: details,
          exited,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
        return;
      }
      remember(line);
      output(`[${options.label}] ${line}`);
    });
    createInterface({ input: stderr }).on('line', (line) => {
      remember(line);
      output(`[${options.label}] ${line}`);
    });
    void exited.then((code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`${options.label} exited (${code}) before it was ready:\n${tail.join('\n')}`));
    });
  });
}
