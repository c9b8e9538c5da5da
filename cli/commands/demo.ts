import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_PORTS } from '../../local/start';
import { DemoSetupError } from '../../local/demo/preflight';
import { SystemUnreachableError } from '../../local/demo/http';
import { runDemo } from '../../local/demo/run-demo';
import { renderSummary } from '../../local/demo/summary';

/** Exit codes: 0 every check holds; 1 a check failed; 2 bad options or no system to run against. */
export const EXIT_CHECKS_HOLD = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;
/** Stopped with Ctrl-C (128 + SIGINT, as a shell reports it). */
export const EXIT_INTERRUPTED = 130;

const POLICY_PATH = fileURLToPath(new URL('../../policies/jiaxing-employee-2026.json', import.meta.url));
const MAX_CLAIMS = 5000;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface DemoCommandOptions {
  claims: number;
  seed: string;
  faults: number;
  api: string;
  hospitals: string;
  bank: string;
  homeRegion: string;
  dataDir: string;
  timeout: number;
  concurrency: number;
  pollMs: number;
  progress: boolean;
}

const wholeNumber =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return n;
  };

function share(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('must be a number from 0 to 1 (the share of hospitals with faults)');
  }
  return n;
}

function loopbackUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be a URL such as http://127.0.0.1:4100');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http(s) URL');
  // The demo drives the local runtime with tokens and admin endpoints made for this machine only.
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new InvalidArgumentError('must be on this machine (127.0.0.1, localhost or [::1])');
  }
  return url.origin;
}

const localUrl = (port: number): string => `http://127.0.0.1:${port}`;

/** `crossclaim demo` (`npm run demo`): a batch through the running system, a progress bar, a summary. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Drive a batch of generated claims through the running system (`npm start`) by its public interfaces: ' +
        'visits at the simulated hospitals, claims filed through the API, a simulated clerk working the review ' +
        'queue. Follows every claim, then checks that nothing was lost or paid twice and that the annual caps ' +
        'held. Exit code 0: every check holds; 1: a check failed; 2: bad options or no system to run against.',
    )
    .option('--claims <n>', 'claims to submit (duplicates included)', wholeNumber(1, MAX_CLAIMS), 200)
    .option(
      '--seed <seed>',
      'makes the batch reproducible: which bills come late, which are claimed twice, …',
      'demo',
    )
    .option('--faults <rate>', 'share of the hospitals switched into transient faults (0–1)', share, 0.1)
    .option('--api <url>', 'the crossclaim API', loopbackUrl, localUrl(DEFAULT_PORTS.api))
    .option('--hospitals <url>', 'the simulated hospitals', loopbackUrl, localUrl(DEFAULT_PORTS.hospitals))
    .option('--bank <url>', 'the simulated bank', loopbackUrl, localUrl(DEFAULT_PORTS.bank))
    .option(
      '--home-region <url>',
      'the simulated home region (the demo sets its people’s records there)',
      loopbackUrl,
      localUrl(DEFAULT_PORTS.homeRegion),
    )
    .option('--data-dir <dir>', 'the data directory of `npm start` (its token key is <dir>/jwt/)', '.data')
    .option('--timeout <seconds>', 'stop following claims after this long', wholeNumber(1, 3600), 180)
    .option('--concurrency <n>', 'claims submitted at once', wholeNumber(1, 200), 20)
    .option(
      '--poll-ms <ms>',
      'pause between two reads of the unfinished claims (the reads are load on the system too)',
      wholeNumber(100, 60_000),
      1000,
    )
    .option('--no-progress', 'no progress bar (the summary only)')
    .action(async (options: DemoCommandOptions) => {
      const print = (line: string) => console.log(line);
      print(`crossclaim demo: ${options.claims} claims against ${options.api} (seed "${options.seed}")`);
      // Ctrl-C ends the run through its own path, so the hospitals are not left with faults on;
      // a second Ctrl-C does not wait for that.
      const interrupt = new AbortController();
      const onSigint = () => {
        if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED);
        console.error('\ncrossclaim demo: stopping (switching the faults off); Ctrl-C again to quit at once');
        interrupt.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const run = await runDemo({
          claims: options.claims,
          seed: options.seed,
          faults: options.faults,
          apiUrl: options.api,
          hospitalsUrl: options.hospitals,
          bankUrl: options.bank,
          homeRegionUrl: options.homeRegion,
          dataDir: options.dataDir,
          timeoutSeconds: options.timeout,
          concurrency: options.concurrency,
          pollIntervalMs: options.pollMs,
          policyPath: POLICY_PATH,
          print,
          showProgress: options.progress,
          signal: interrupt.signal,
        });
        renderSummary(run).forEach(print);
        process.exitCode = run.interrupted
          ? EXIT_INTERRUPTED
          : run.checks.every((c) => c.ok)
            ? EXIT_CHECKS_HOLD
            : EXIT_CHECK_FAILED;
      } catch (error) {
        if (error instanceof SystemUnreachableError) {
          console.error(`crossclaim demo: ${error.message}: is \`npm start\` running?`);
          process.exitCode = EXIT_CANNOT_RUN;
          return;
        }
        if (error instanceof DemoSetupError) {
          console.error(`crossclaim demo: ${error.message}`);
          process.exitCode = EXIT_CANNOT_RUN;
          return;
        }
        throw error;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}
