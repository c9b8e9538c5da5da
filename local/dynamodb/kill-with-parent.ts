import type { ChildProcess } from 'node:child_process';

/**
 * Makes sure a child process does not outlive this Node.js process.
 *
 * A JVM left behind keeps its port (and, with -dbPath, its database file), so the next
 * `npm start` or test run would fail. On 'exit' we SIGKILL what is still running: only
 * synchronous work is possible there, and SQLite (DynamoDB Local's store) keeps every committed
 * write across a kill. For SIGINT/SIGTERM/SIGHUP, listening would replace Node's default "terminate"
 * behaviour; so when no one else listens we kill the children and re-raise the signal, and when
 * the application has its own handler we leave the shutdown to it (the 'exit' hook still runs).
 * A SIGKILL of this process cannot be intercepted: that case still orphans the JVM.
 */
const children = new Set<ChildProcess>();
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const killAll = (): void => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
};

const onSignal = (signal: NodeJS.Signals): void => {
  const someoneElseHandlesIt = process.listenerCount(signal) > 1;
  if (someoneElseHandlesIt) return;
  killAll();
  uninstall();
  process.kill(process.pid, signal);
};

const install = (): void => {
  process.on('exit', killAll);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
};

// Without children we must not keep signal listeners around: they would suppress the default exit.
const uninstall = (): void => {
  process.off('exit', killAll);
  for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal);
};

export const killWithParent = (child: ChildProcess): void => {
  if (children.size === 0) install();
  children.add(child);
  child.once('exit', () => {
    children.delete(child);
    if (children.size === 0) uninstall();
  });
};
