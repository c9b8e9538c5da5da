import { InvalidArgumentError, Option, type Command } from 'commander';
import { IdNumberSchema } from '../../domain/claim';
import { hashIdNumber } from '../../domain/identity';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { InvalidInputError } from '../../domain/validation';
import type { Role } from '../../functions/shared/auth';
import { ROLES } from '../../functions/shared/auth';
import { MAX_TOKEN_TTL_SECONDS, openLocalSigningKey, type TokenRequest } from '../../local/api/jwt-keys';
import { readRuntimeMarker } from '../../local/runtime-marker';
import { EXIT_INVALID_INPUT, reportInvalidInput } from './adjudicate';

interface TokenOptions {
  role: Role;
  sub?: string;
  idNumber?: string;
  region?: string;
  hospital?: string;
  ttl: number;
  dataDir: string;
}

const DEFAULT_TTL_SECONDS = 3600;

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOKEN_TTL_SECONDS) {
    throw new InvalidArgumentError(`must be a whole number of seconds from 1 to ${MAX_TOKEN_TTL_SECONDS}`);
  }
  return n;
}

/** What each role needs, said the way the person typing the command can act on. */
function missingOptions(options: TokenOptions): string | undefined {
  switch (options.role) {
    case 'citizen':
      if (options.idNumber === undefined && options.sub === undefined) {
        return 'a citizen token needs --id-number <18-digit id> (or --sub sha256:<hash of it>)';
      }
      if (options.idNumber !== undefined && options.sub !== undefined) {
        return 'give --id-number or --sub for a citizen, not both: the subject is the hash of the ID number';
      }
      return undefined;
    case 'clerk':
    case 'supervisor':
    case 'agent':
      return options.sub === undefined || options.region === undefined
        ? `a ${options.role} token needs --sub <${options.role} id> and --region <6-digit home region>`
        : undefined;
    case 'hospital':
      return options.sub === undefined || options.hospital === undefined
        ? 'a hospital token needs --sub <account id> and --hospital <hospital code>'
        : undefined;
    case 'admin':
      return options.sub === undefined ? 'an admin token needs --sub <admin id>' : undefined;
  }
}

function tokenRequest(options: TokenOptions): TokenRequest {
  const { role, ttl: ttlSeconds } = options;
  const sub = options.sub ?? '';
  switch (role) {
    case 'citizen': {
      if (options.idNumber === undefined) return { role, sub, ttlSeconds };
      const idNumber = IdNumberSchema.safeParse(options.idNumber);
      if (!idNumber.success) {
        const message = idNumber.error.issues[0]?.message ?? 'is not valid';
        throw new InvalidInputError('token', [{ path: 'id-number', message }]);
      }
      return { role, sub: hashIdNumber(idNumber.data), ttlSeconds };
    }
    case 'clerk':
    case 'supervisor':
    case 'agent':
      return { role, sub, region: options.region ?? '', ttlSeconds };
    case 'hospital':
      return { role, sub, hospital: options.hospital ?? '', ttlSeconds };
    case 'admin':
      return { role, sub, ttlSeconds };
  }
}

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(
      'Print a bearer token for the local API, signed with the local runtime’s key (made if missing), ' +
        'for scripts; only for a runtime started for development (npm start). ' +
        'A citizen’s subject and custom:idNumberHash claim (as on Cognito) are the sha256 hash of their ID number, never the number.',
    )
    .addOption(new Option('--role <role>', 'who the token is for').choices(ROLES).makeOptionMandatory())
    .option('--sub <sub>', 'the subject: a clerk, hospital or admin id; for a citizen sha256:<hash>')
    .option('--id-number <id>', 'citizen: the (fake) 18-digit ID number; the subject becomes its hash')
    .option(
      '--region <code>',
      'clerk: the 6-digit home region whose queue they work; agent: their window’s region',
    )
    .option('--hospital <code>', 'hospital: its code, H followed by 11 digits')
    .option('--ttl <seconds>', 'how long the token is valid', seconds, DEFAULT_TTL_SECONDS)
    .option('--data-dir <dir>', 'where the runtime keeps its data (the key is <dir>/jwt/)', '.data')
    .action(async (options: TokenOptions) => {
      const missing = missingOptions(options);
      if (missing) {
        console.error(`crossclaim token: ${missing}`);
        process.exitCode = EXIT_INVALID_INPUT;
        return;
      }
      // Minting any role's token is a development convenience: never for a production runtime.
      const runtime = await readRuntimeMarker(options.dataDir);
      if (runtime?.mode !== 'development') {
        console.error(
          `crossclaim token: refused: ${
            runtime ? 'the runtime on' : 'no runtime was started on'
          } ${options.dataDir}${runtime ? ' was started for production' : ''}. ` +
            'Tokens are minted only for a runtime started for development (npm start); otherwise sign in.',
        );
        process.exitCode = EXIT_INVALID_INPUT;
        return;
      }
      try {
        // A citizen's subject is the keyed hash of the running system (domain/identity.ts).
        await loadIdentityKeyFile(identityKeyPath(options.dataDir));
        const key = await openLocalSigningKey(options.dataDir, { issuer: runtime.issuer });
        process.stdout.write(`${await key.mintToken(tokenRequest(options))}\n`);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        // The fields of a token are this command's options: name them as typed.
        reportInvalidInput(
          new InvalidInputError(
            error.subject,
            error.issues.map((issue) => ({ ...issue, path: `--${issue.path}` })),
          ),
        );
        process.exitCode = EXIT_INVALID_INPUT;
      }
    });
}
