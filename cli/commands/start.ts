import { Option, type Command } from 'commander';
import { DynamoDbLocalStartError } from '../../local/dynamodb/start-error';
import { DEFAULT_PORTS, PortInUseError, startSystem } from '../../local/start';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`not a port: ${value}`);
  return n;
};

/** `crossclaim start` (`npm start`): the whole system on this machine, until Ctrl-C. */
export function registerStartCommand(program: Command): void {
  const command = program
    .command('start')
    .description(
      'Run crossclaim on this machine: DynamoDB Local, the claim workflow, the event bus, the API, ' +
        'simulated hospitals and bank. Data stays under --data-dir across restarts. Ctrl-C stops everything.',
    )
    .option('--data-dir <dir>', 'where the table, keys and the simulated world are kept', '.data')
    .option('--seed <seed>', 'seed of the simulated hospitals and their bills', 'crossclaim-local')
    .option('--table <name>', 'the DynamoDB table', 'crossclaim')
    .option(
      '--production',
      'no test accounts at the sign-in and no `crossclaim token` (docs/local-runtime.md); development otherwise',
    )
    .addOption(
      new Option('--log-level <level>', 'handler log level')
        .choices(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])
        .default('WARN'),
    );
  for (const [name, value] of Object.entries(DEFAULT_PORTS)) {
    command.option(
      `--${name === 'homeRegion' ? 'home-region' : name}-port <port>`,
      `port of the ${name} endpoint`,
      port,
      value,
    );
  }
  command.action(async (options: Record<string, string | number | boolean>) => {
    const started = Date.now();
    console.log('crossclaim: starting (DynamoDB Local, hospitals and bank, the workflow, the API)…');
    try {
      const system = await startSystem({
        dataDir: String(options.dataDir),
        seed: String(options.seed),
        tableName: String(options.table),
        logLevel: String(options.logLevel),
        mode: options.production === true ? 'production' : 'development',
        ports: {
          api: Number(options.apiPort),
          sfn: Number(options.sfnPort),
          bank: Number(options.bankPort),
          events: Number(options.eventsPort),
          hospitals: Number(options.hospitalsPort),
          homeRegion: Number(options.homeRegionPort),
          dynamodb: Number(options.dynamodbPort),
        },
        print: (line) => console.log(line),
      });
      const { urls } = system;
      console.log(
        `\ncrossclaim is ready in ${((Date.now() - started) / 1000).toFixed(1)} s` +
          (system.redriven > 0 ? `; resumed ${system.redriven} unfinished claim(s)` : '') +
          '\n',
      );
      console.log(`  API                 ${urls.api}`);
      console.log(`  API docs            ${urls.docs}  (OpenAPI: ${urls.openapi})`);
      // The web pages (web/, built by prestart) are served by the API server; sign in at the first.
      console.log(`  sign in (web)       ${urls.api}/`);
      console.log(`  citizen page        ${urls.api}/#/claims`);
      console.log(`  clerk page          ${urls.api}/#/clerk`);
      console.log(`  dashboard           ${urls.api}/#/dashboard`);
      console.log(`  hospitals (sim)     ${urls.hospitals}`);
      console.log(`  bank (sim)          ${urls.bank}`);
      console.log(
        `  home region (sim)   ${urls.homeRegion}  (insurance system of 330400 Jiaxing, 330500 Huzhou)`,
      );
      console.log(`  Step Functions API  ${urls.stepFunctions}`);
      console.log(`  EventBridge API     ${urls.eventBridge}`);
      console.log(`  DynamoDB Local      ${urls.dynamodb}`);
      console.log(
        '\nTry: npm run demo     ·   a token: npx crossclaim token --help   ·   Ctrl-C stops everything',
      );
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        console.log('\ncrossclaim: stopping…');
        void system.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      // A child that keeps crashing is not restarted forever: say why and stop the rest.
      void system.processes.gaveUp.then((reason) => {
        if (stopping) return;
        stopping = true;
        console.error(`\ncrossclaim: ${reason}. Stopping everything.`);
        void system.stop().finally(() => process.exit(1));
      });
    } catch (error) {
      if (error instanceof PortInUseError || error instanceof DynamoDbLocalStartError) {
        console.error(`crossclaim: ${error.message}`);
        process.exit(2);
      }
      throw error;
    }
  });
}
