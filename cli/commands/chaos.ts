import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { chaosChecks, renderChaosTable } from '../../local/chaos/chaos-report';
import { runChaos } from '../../local/chaos/run-chaos';
import { renderSummary } from '../../local/demo/summary';
import { DynamoDbLocalStartError } from '../../local/dynamodb/start-error';
import { PortInUseError } from '../../local/start';
import { EXIT_CANNOT_RUN, EXIT_CHECK_FAILED, EXIT_CHECKS_HOLD, EXIT_INTERRUPTED } from './demo';

const POLICY_PATH = fileURLToPath(new URL('../../policies/jiaxing-employee-2026.json', import.meta.url));

const wholeNumber =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };

const share = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
};

interface ChaosCommandOptions {
  claims: number;
  faults: number;
  kills: number;
  seed: string;
  dataDir?: string;
  portBase: number;
  timeout: number;
  concurrency: number;
  pollMs?: number;
  progress: boolean;
}

/** `crossclaim chaos` (`npm run chaos`): the demo's batch while every process of the tree is killed. */
export function registerChaosCommand(program: Command): void {
  program
    .command('chaos')
    .description(
      'Start a process tree of its own (DynamoDB Local, the world, crossclaim; supervised), drive a batch of ' +
        'generated claims through it with hospital faults, and SIGKILL each process K times at random moments. ' +
        'Then every check of the demo, `audit verify --all` and `reconcile`, and a table of the figures. ' +
        'Exit code 0: every check holds; 1: a check failed; 2: it could not run.',
    )
    .option('--claims <n>', 'claims to submit', wholeNumber(1, 5000), 1000)
    .option('--faults <rate>', 'share of the hospitals switched into transient faults (0–1)', share, 0.2)
    .option('--kills <k>', 'SIGKILLs of each process', wholeNumber(0, 20), 3)
    .option('--seed <seed>', 'makes the batch and the kill moments reproducible', 'chaos')
    .option('--data-dir <dir>', 'the tree’s data folder (default: a new temporary folder)')
    .option(
      '--port-base <port>',
      'ports base … base+5 (api, sfn, bank, events, hospitals, dynamodb)',
      wholeNumber(1024, 65529),
      4300,
    )
    .option('--timeout <seconds>', 'stop following claims after this long', wholeNumber(1, 7200), 2400)
    .option('--concurrency <n>', 'claims submitted at once', wholeNumber(1, 200), 20)
    .option(
      '--poll-ms <ms>',
      'pause between two reads of an unfinished claim (default: 1 s per 200 claims, at least 1 s; reads are load)',
      wholeNumber(100, 60_000),
    )
    .option('--no-progress', 'no progress bar')
    .action(async (options: ChaosCommandOptions) => {
      const print = (line: string) => console.log(line);
      print(
        `crossclaim chaos: ${options.claims} claims, hospital faults ${options.faults}, ` +
          `${options.kills} SIGKILL(s) of each process (seed "${options.seed}")`,
      );
      const interrupt = new AbortController();
      // \`on\`, not \`once\`: while a listener is there, a second Ctrl-C does not kill us before the
      // tree is stopped (kill-with-parent re-raises the signal when it is the only listener).
      const onSigint = () => {
        if (interrupt.signal.aborted) process.exit(EXIT_INTERRUPTED);
        console.error('\ncrossclaim chaos: stopping the batch and the tree; Ctrl-C again to quit at once');
        interrupt.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const run = await runChaos({
          claims: options.claims,
          faults: options.faults,
          killsEach: options.kills,
          seed: options.seed,
          ...(options.dataDir && { dataDir: options.dataDir }),
          portBase: options.portBase,
          timeoutSeconds: options.timeout,
          concurrency: options.concurrency,
          pollIntervalMs: options.pollMs ?? Math.max(1000, Math.round(options.claims / 200) * 1000),
          policyPath: POLICY_PATH,
          showProgress: options.progress,
          print,
          signal: interrupt.signal,
        });
        renderSummary(run.demo).forEach(print);
        print('');
        for (const tool of run.tools)
          print(`  ${tool.ok ? '✓' : '✗'} ${tool.name}: ${tool.output.trim().split('\n').at(-1) ?? ''}`);
        for (const kill of run.kills)
          print(
            `  kill ${kill.process} (pid ${kill.pid})` +
              (kill.settledShare === undefined
                ? ' after the batch'
                : ` at ${(kill.settledShare * 100).toFixed(0)} % settled`) +
              `: ${kill.recoveredMs === undefined ? 'NOT recovered' : `back in ${(kill.recoveredMs / 1000).toFixed(1)} s`}`,
          );
        if (run.gaveUp) print(`  ✗ ${run.gaveUp}`);
        print('');
        renderChaosTable(run).forEach(print);
        process.exitCode = run.demo.interrupted
          ? EXIT_INTERRUPTED
          : chaosChecks(run).every((c) => c.ok)
            ? EXIT_CHECKS_HOLD
            : EXIT_CHECK_FAILED;
      } catch (error) {
        if (error instanceof DynamoDbLocalStartError) {
          console.error(`crossclaim chaos: ${error.message}`);
          process.exitCode = EXIT_CANNOT_RUN;
          return;
        }
        if (error instanceof PortInUseError) {
          console.error(`crossclaim chaos: ${error.message.replace(/--[a-z]+-port/, '--port-base')}`);
          process.exitCode = EXIT_CANNOT_RUN;
          return;
        }
        throw error;
      }
    });
}
