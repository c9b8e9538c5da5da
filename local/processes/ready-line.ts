/**
 * How a child process of `npm start` tells its parent it is ready, and where: one line on
 * stdout, `<TAG> {json}`. Everything else a child prints goes to the terminal as it is.
 */
export function announceReady(tag: string, details: Record<string, unknown>): void {
  process.stdout.write(`${tag} ${JSON.stringify(details)}\n`);
}

export function parseReadyLine(tag: string, line: string): Record<string, unknown> | undefined {
  if (!line.startsWith(`${tag} `)) return undefined;
  return JSON.parse(line.slice(tag.length + 1)) as Record<string, unknown>;
}

/** A child reads its configuration from one environment variable of JSON. */
export function configFromEnv<T>(name: string, parse: (value: unknown) => T): T {
  const text = process.env[name];
  if (!text) throw new Error(`${name} is not set: this process is started by \`npm start\``);
  return parse(JSON.parse(text));
}

/** Closes the process's services on SIGTERM/SIGINT, then exits; a second signal exits at once. */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = () => {
    if (closing) process.exit(1);
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
