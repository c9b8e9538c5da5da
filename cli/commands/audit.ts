import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { auditKeyPath, loadAuditKeyFile } from '../../adapters/audit-key';
import { Option, type Command } from 'commander';
import { ClaimStore } from '../../adapters/claim-store';
import { createDynamoDbClients, dynamoDbSettingsFromEnv } from '../../adapters/dynamodb/clients';
import { verifyChain, type ChainVerdict } from '../../domain/audit-chain';
import { isHttpUrl, messageOf } from './command-input';

/** Exit codes: every chain verifies; a chain is broken; bad input or the table could not be read. */
export const EXIT_INTACT = 0;
export const EXIT_BROKEN = 1;
export const EXIT_BAD_INPUT = 2;

/** The local runtime's defaults (`npm start`), as for `crossclaim reconcile`. */
export const AUDIT_DEFAULTS = { table: 'crossclaim', dynamodbEndpoint: 'http://127.0.0.1:8000' } as const;

interface VerifyOptions {
  all?: boolean;
  table: string;
  dynamodbEndpoint: string;
  dataDir: string;
  format: 'text' | 'json';
}

class AuditFailure extends Error {}

export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description("Check claims' case histories (hash-chained AUDIT# entries).");
  audit
    .command('verify')
    .description(
      "Recompute the hash chain of a claim's history (or every claim's, with --all) and check it ends at the " +
        'head kept on the case; name the first broken entry. Exit code 0: every chain verifies; 1: a chain ' +
        'is broken; 2: bad input, an unknown claim or table, or the table could not be read.',
    )
    .argument('[claimId]', 'the claim to verify')
    .option('--all', 'verify every claim in the table')
    .addOption(
      new Option('--table <name>', 'the claims table').env('TABLE_NAME').default(AUDIT_DEFAULTS.table),
    )
    .addOption(
      new Option('--dynamodb-endpoint <url>', 'DynamoDB endpoint (DynamoDB Local)')
        .env('AWS_ENDPOINT_URL_DYNAMODB')
        .default(AUDIT_DEFAULTS.dynamodbEndpoint),
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        'where the runtime keeps its data (the chain key is <dir>/audit-chain.key)',
      )
        .env('CROSSCLAIM_DATA_DIR')
        .default('.data'),
    )
    .addOption(
      new Option('--format <format>', 'text for people, one JSON object for machines')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (claimId: string | undefined, options: VerifyOptions) => {
      try {
        if ((claimId === undefined) === !options.all) {
          throw new AuditFailure('give one claim id or --all (not both)');
        }
        if (!/^[A-Za-z0-9_.-]{3,255}$/.test(options.table)) {
          throw new AuditFailure(`--table: "${options.table}" is not a DynamoDB table name`);
        }
        if (!isHttpUrl(options.dynamodbEndpoint)) {
          throw new AuditFailure(`--dynamodb-endpoint: "${options.dynamodbEndpoint}" is not an http(s) URL`);
        }
        // The writers' chain key: without it a rewritten and re-hashed entry would verify.
        await loadAuditKeyFile(auditKeyPath(options.dataDir), { create: false }).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        });
        const verdicts = await verify(claimId, options);
        process.stdout.write(
          options.format === 'json' ? renderJson(options, verdicts) : renderText(verdicts),
        );
        process.exitCode = verdicts.every((v) => v.ok) ? EXIT_INTACT : EXIT_BROKEN;
      } catch (error) {
        if (!(error instanceof AuditFailure)) throw error;
        console.error(`crossclaim: audit verify: ${error.message}`);
        process.exitCode = EXIT_BAD_INPUT;
      }
    });
}

async function verify(claimId: string | undefined, options: VerifyOptions): Promise<ChainVerdict[]> {
  const dynamo = createDynamoDbClients({
    endpoint: options.dynamodbEndpoint,
    region: dynamoDbSettingsFromEnv().region,
  });
  const store = new ClaimStore(dynamo.docClient, options.table);
  try {
    const ids = claimId === undefined ? await store.allClaimIds() : [claimId];
    const verdicts: ChainVerdict[] = [];
    for (const id of ids) {
      const trail = await store.auditTrail(id);
      if (trail.head === undefined && trail.entries.length === 0 && claimId !== undefined) {
        throw new AuditFailure(`claim ${id} does not exist in table ${options.table}`);
      }
      verdicts.push(verifyChain(id, trail.entries, trail.head));
    }
    return verdicts;
  } catch (error) {
    if (error instanceof AuditFailure) throw error;
    if (error instanceof ResourceNotFoundException) {
      throw new AuditFailure(`--table: table ${options.table} does not exist at ${options.dynamodbEndpoint}`);
    }
    throw new AuditFailure(
      `cannot read table ${options.table} at ${options.dynamodbEndpoint}: ${messageOf(error)}`,
    );
  } finally {
    dynamo.client.destroy();
  }
}

function renderText(verdicts: ChainVerdict[]): string {
  const lines = verdicts.map((v) =>
    v.ok
      ? `ok      ${v.claimId}  ${v.entries} entries, head ${v.head.slice(0, 16)}…`
      : `BROKEN  ${v.claimId}  at entry ${v.brokenAt}: ${v.problem}`,
  );
  const broken = verdicts.filter((v) => !v.ok).length;
  lines.push(
    '',
    broken === 0
      ? `${verdicts.length} claim(s) verified; every chain is intact.`
      : `${broken} of ${verdicts.length} claim(s) have a broken history.`,
  );
  return `${lines.join('\n')}\n`;
}

function renderJson(options: VerifyOptions, verdicts: ChainVerdict[]): string {
  const { table, dynamodbEndpoint } = options;
  const broken = verdicts.filter((v) => !v.ok).length;
  return `${JSON.stringify({ table, dynamodbEndpoint, intact: broken === 0, claims: verdicts.length, broken, verdicts }, null, 2)}\n`;
}
