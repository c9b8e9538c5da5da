import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { Option, type Command } from 'commander';
import { createBankHttpClient } from '../../adapters/bank-http-client';
import { createDynamoDbClients, dynamoDbSettingsFromEnv } from '../../adapters/dynamodb/clients';
import { transferKeyOf } from '../../adapters/claim-store';
import { readPayouts } from '../../adapters/payout-ledger';
import { formatYuanSign } from '../../domain/money';
import {
  DIFFERENCE_KINDS,
  reconcilePayouts,
  type DifferenceKind,
  type ReconciliationDifference,
  type ReconciliationReport,
} from '../../domain/payout-reconciliation';
import { isHttpUrl, messageOf } from './command-input';

/** Exit codes: the report's verdict, or why there is none. */
export const EXIT_BALANCED = 0;
export const EXIT_DIFFERENCES = 1;
export const EXIT_BAD_INPUT = 2;
/** The table or the bank could not be read, so nothing was compared (not the same as "differences"). */
export const EXIT_UNREADABLE = 3;

/** The local runtime's defaults (`npm start`). */
export const RECONCILE_DEFAULTS = {
  table: 'crossclaim',
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  bankUrl: 'http://127.0.0.1:4102',
} as const;

const BANK_TIMEOUT_MS = 10_000;

interface ReconcileOptions {
  table: string;
  dynamodbEndpoint: string;
  bankUrl: string;
  format: 'text' | 'json';
}

/** Said to the user on stderr, with the exit code it ends in. */
class ReconcileFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description(
      "Compare the payouts recorded in the claims table with the bank's ledger, by claim id. " +
        'Prints a summary and every difference. Exit code 0: everything matches; 1: differences; ' +
        '2: bad input (an option, a table that does not exist); 3: the table or the bank could not be read.',
    )
    .addOption(
      new Option('--table <name>', 'the claims table').env('TABLE_NAME').default(RECONCILE_DEFAULTS.table),
    )
    .addOption(
      new Option('--dynamodb-endpoint <url>', 'DynamoDB endpoint (DynamoDB Local)')
        .env('AWS_ENDPOINT_URL_DYNAMODB')
        .default(RECONCILE_DEFAULTS.dynamodbEndpoint),
    )
    .addOption(
      new Option('--bank-url <url>', "the bank API's base URL")
        .env('CROSSCLAIM_BANK_URL')
        .default(RECONCILE_DEFAULTS.bankUrl),
    )
    .addOption(
      new Option('--format <format>', 'text for people, one JSON object for machines')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (options: ReconcileOptions) => {
      try {
        checkOptions(options);
        const report = await reconcile(options);
        process.stdout.write(
          options.format === 'json' ? renderJson(options, report) : renderText(options, report),
        );
        process.exitCode = report.balanced ? EXIT_BALANCED : EXIT_DIFFERENCES;
      } catch (error) {
        if (!(error instanceof ReconcileFailure)) throw error;
        console.error(`crossclaim: reconcile: ${error.message}`);
        process.exitCode = error.exitCode;
      }
    });
}

function checkOptions(options: ReconcileOptions): void {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(options.table)) {
    throw new ReconcileFailure(
      `--table: "${options.table}" is not a DynamoDB table name (3 to 255 letters, digits, "_", "-", ".")`,
      EXIT_BAD_INPUT,
    );
  }
  for (const [flag, value] of [
    ['--dynamodb-endpoint', options.dynamodbEndpoint],
    ['--bank-url', options.bankUrl],
  ] as const) {
    if (!isHttpUrl(value))
      throw new ReconcileFailure(`${flag}: "${value}" is not an http(s) URL`, EXIT_BAD_INPUT);
  }
}

async function reconcile(options: ReconcileOptions): Promise<ReconciliationReport> {
  const dynamo = createDynamoDbClients({
    endpoint: options.dynamodbEndpoint,
    region: dynamoDbSettingsFromEnv().region,
  });
  const bank = createBankHttpClient({ baseUrl: options.bankUrl, timeoutMs: BANK_TIMEOUT_MS });
  try {
    // Both sides are read even when one fails, so one run names every cause, not the first.
    const [payouts, transfers] = await Promise.allSettled([
      readPayouts(dynamo.docClient, options.table),
      bank.ledger(),
    ]);
    const failures: ReconcileFailure[] = [];
    if (payouts.status === 'rejected') failures.push(tableFailure(options, payouts.reason));
    if (transfers.status === 'rejected') {
      failures.push(
        new ReconcileFailure(
          `cannot read the bank's ledger: ${messageOf(transfers.reason)}`,
          EXIT_UNREADABLE,
        ),
      );
    }
    if (payouts.status === 'rejected' || transfers.status === 'rejected') throw combined(failures);
    // The bank knows each transfer by its idempotency key: the claim id, or claim id and appeal.
    const recorded = payouts.value.map((p) => ({ ...p, claimId: transferKeyOf(p) }));
    return reconcilePayouts(recorded, transfers.value);
  } finally {
    dynamo.client.destroy();
  }
}

function tableFailure(options: ReconcileOptions, error: unknown): ReconcileFailure {
  if (error instanceof ResourceNotFoundException) {
    return new ReconcileFailure(
      `--table: table ${options.table} does not exist at ${options.dynamodbEndpoint}`,
      EXIT_BAD_INPUT,
    );
  }
  return new ReconcileFailure(
    `cannot read the payouts of table ${options.table} at ${options.dynamodbEndpoint}: ${messageOf(error)}`,
    EXIT_UNREADABLE,
  );
}

/** One failure for several: every message, one per line; bad input wins, since it is the user's to fix. */
function combined(failures: ReconcileFailure[]): ReconcileFailure {
  const exitCode = failures.some((f) => f.exitCode === EXIT_BAD_INPUT) ? EXIT_BAD_INPUT : EXIT_UNREADABLE;
  return new ReconcileFailure(failures.map((f) => f.message).join('\ncrossclaim: reconcile: '), exitCode);
}

/** One JSON object: where it looked, the verdict, the summary and every difference. */
function renderJson(options: ReconcileOptions, report: ReconciliationReport): string {
  const { table, dynamodbEndpoint, bankUrl } = options;
  return `${JSON.stringify({ table, dynamodbEndpoint, bankUrl, ...report }, null, 2)}\n`;
}

const KIND_LABELS: Record<DifferenceKind, string> = {
  amount_differs: 'amount differs',
  missing_at_bank: 'paid in the table, no transfer at the bank',
  missing_in_table: 'transfer at the bank, no payout in the table',
  bank_reference_differs: 'bank reference differs',
};

function renderText(options: ReconcileOptions, report: ReconciliationReport): string {
  const { summary } = report;
  const zero =
    summary.nothingToTransfer > 0 ? ` (${summary.nothingToTransfer} of ¥0.00, nothing to transfer)` : '';
  const lines = [
    `Payouts in table ${options.table} (${options.dynamodbEndpoint}) against the bank at ${options.bankUrl}`,
    `  payouts in the table    ${summary.payoutsInTable}${zero}`,
    `  transfers at the bank   ${summary.transfersAtBank}`,
    `  matched                 ${summary.matched}`,
    `  differences             ${summary.differences}`,
    ...DIFFERENCE_KINDS.filter((kind) => summary.byKind[kind] > 0).map(
      (kind) => `    ${KIND_LABELS[kind]}: ${summary.byKind[kind]}`,
    ),
  ];
  if (report.balanced) {
    lines.push('', 'Everything matches.');
  } else {
    lines.push('', 'Differences:', ...report.differences.map((d) => `  ${d.claimId}  ${describe(d)}`));
  }
  return `${lines.join('\n')}\n`;
}

function describe(difference: ReconciliationDifference): string {
  const label = KIND_LABELS[difference.kind];
  switch (difference.kind) {
    case 'amount_differs':
      return (
        `${label}: the table pays ${formatYuanSign(difference.tableAmountFen)}, ` +
        `the bank transferred ${formatYuanSign(difference.bankAmountFen)}`
      );
    case 'missing_at_bank':
      return difference.instructionDue
        ? `${label}: ${formatYuanSign(difference.amountFen)}, no bank reference yet: the instruction is still due`
        : `${label}: ${formatYuanSign(difference.amountFen)}, the table records bank reference ` +
            `${difference.tableBankReference ?? ''} but the bank has no such transfer`;
    case 'missing_in_table':
      return `${label}: the bank transferred ${formatYuanSign(difference.bankAmountFen)} (${difference.bankReference})`;
    case 'bank_reference_differs':
      return difference.tableBankReference === null
        ? `${label}: the bank transferred (${difference.bankReference}) but the table has no reference yet`
        : `${label}: the table has ${difference.tableBankReference}, the bank ${difference.bankReference}`;
  }
}
