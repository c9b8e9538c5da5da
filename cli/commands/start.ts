import { Option, type Command } from 'commander';
import { OCR_ENGINE_NAMES } from '../../adapters/ocr/ocr-engine';
import { VISIT_SOURCES } from '../../adapters/visits/visit-source';
import { DynamoDbLocalStartError } from '../../local/dynamodb/start-error';
import { DEFAULT_PORTS, PortInUseError, startSystem } from '../../local/start';
import { ProductionConfigError, type ProductionOverrides } from '../../local/production-config';

/** The production settings that may be given on the command line (or in their environment variables). */
const OUTSIDE_OPTIONS = [
  ['hospitalApiUrl', '--hospital-api-url <url>', 'HOSPITAL_API_URL', "the hospitals' e-bill gateway"],
  ['bankApiUrl', '--bank-api-url <url>', 'BANK_API_URL', "the bank's payout API"],
  [
    'homeRegionApiUrl',
    '--home-region-api-url <url>',
    'HOME_REGION_API_URL',
    "the home region's insurance system",
  ],
  [
    'homeRegionClientToken',
    '--home-region-client-token <token>',
    'HOME_REGION_CLIENT_TOKEN',
    'the bearer token the home region issued crossclaim',
  ],
] as const;

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
        'simulated hospitals, bank and home region. Data stays under --data-dir across restarts. Ctrl-C stops everything. ' +
        'With --production: only crossclaim and its store; the outside systems are configured URLs (docs/operations.md).',
    )
    .option('--data-dir <dir>', 'where the table, keys and the simulated world are kept', '.data')
    .option('--seed <seed>', 'seed of the simulated hospitals and their bills', 'crossclaim-local')
    .option('--table <name>', 'the DynamoDB table', 'crossclaim')
    .option(
      '--production',
      'what a bureau runs: no simulators, no test accounts, no `crossclaim token`; the hospitals, bank and home ' +
        'region are the URLs below or in <data-dir>/production.json (docs/operations.md). Development otherwise',
    )
    .addOption(
      new Option('--log-level <level>', 'handler log level')
        .choices(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'])
        .default('WARN'),
    )
    // The handlers' settings a Lambda function reads from its environment, given here as options
    // (commander reads the same variables for them); the crossclaim process puts them in its Config.
    .addOption(
      new Option('--visit-source <source>', "where a citizen's visits come from (default: home-region)")
        .choices(VISIT_SOURCES)
        .env('VISIT_SOURCE'),
    )
    .addOption(
      new Option(
        '--ocr-engine <engine>',
        'the OCR engine for receipts without a readable QR code (default: cascade)',
      )
        .choices(OCR_ENGINE_NAMES)
        .env('OCR_ENGINE'),
    );
  for (const [, flags, env, what] of OUTSIDE_OPTIONS) {
    command.addOption(new Option(flags, `--production: ${what}`).env(env));
  }
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
    const production = options.production === true;
    const outside: ProductionOverrides = {};
    for (const [key, flags] of OUTSIDE_OPTIONS) {
      // An empty environment variable (HOME_REGION_API_URL= in a unit file) is no setting.
      if (options[key] === undefined || options[key] === '') continue;
      if (production) outside[key] = String(options[key]);
      else if (command.getOptionValueSource(key) === 'cli')
        console.error(
          `crossclaim: ${flags.split(' ')[0]} applies to --production only; development starts the simulators`,
        );
    }
    console.log(
      production
        ? 'crossclaim: starting for production (DynamoDB Local, the workflow, the API; no simulators)…'
        : 'crossclaim: starting (DynamoDB Local, hospitals, bank and home region simulators, the workflow, the API)…',
    );
    try {
      const system = await startSystem({
        dataDir: String(options.dataDir),
        seed: String(options.seed),
        tableName: String(options.table),
        logLevel: String(options.logLevel),
        ...(options.visitSource && { visitSource: String(options.visitSource) }),
        ...(options.ocrEngine && { ocrEngine: String(options.ocrEngine) }),
        mode: production ? 'production' : 'development',
        production: outside,
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
      const sim = production ? '     ' : '(sim)';
      console.log(`  hospitals ${sim}     ${urls.hospitals}`);
      console.log(`  bank ${sim}          ${urls.bank}`);
      console.log(
        `  home region ${sim}   ${urls.homeRegion}` +
          (production ? '' : '  (insurance system of 330400 Jiaxing, 330500 Huzhou)'),
      );
      console.log(`  Step Functions API  ${urls.stepFunctions}`);
      console.log(`  EventBridge API     ${urls.eventBridge}`);
      console.log(`  DynamoDB Local      ${urls.dynamodb}`);
      console.log(
        production
          ? '\nProduction mode: sign in with the accounts of <data-dir>/oidc/accounts.json   ·   Ctrl-C stops everything'
          : '\nTry: npm run demo     ·   a token: npx crossclaim token --help   ·   Ctrl-C stops everything',
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
      if (
        error instanceof PortInUseError ||
        error instanceof DynamoDbLocalStartError ||
        error instanceof ProductionConfigError
      ) {
        console.error(`crossclaim: ${error.message}`);
        process.exit(2);
      }
      throw error;
    }
  });
}
