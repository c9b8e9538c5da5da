import { Option, type Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { identityKeyPath, loadIdentityKeyFile } from '../../adapters/identity-key';
import { IdNumberSchema, RegionCodeSchema } from '../../domain/claim';
import { InvalidInputError, type InputIssue } from '../../domain/validation';
import { openLocalAccounts, type TestAccount } from '../../local/oidc/accounts';
import { POLICIES_DIR } from '../../local/oidc/local-sign-in';
import { EXIT_INVALID_INPUT, reportInvalidInput } from './adjudicate';

/**
 * `crossclaim accounts add`: how the administrator of an office machine registers the people who
 * sign in to the embedded runtime's OpenID provider (a production folder has no test accounts,
 * so nobody could sign in without it). The password comes from CROSSCLAIM_ACCOUNT_PASSWORD, or is
 * made at random and printed once; it is kept only as a scrypt hash. The running provider reads
 * the accounts at start: restart it for a new account to sign in.
 */

const ACCOUNT_ROLES = ['citizen', 'clerk', 'supervisor', 'admin', 'agent'] as const;

const AddOptionsSchema = z
  .object({
    dataDir: z.string().min(1),
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'use 3–64 lower-case letters, digits, . _ -'),
    name: z.string().min(1).max(100),
    role: z.enum(ACCOUNT_ROLES),
    region: RegionCodeSchema.optional(),
    idNumber: IdNumberSchema.optional(),
  })
  .superRefine((options, ctx) => {
    const needsRegion = options.role === 'clerk' || options.role === 'supervisor' || options.role === 'agent';
    if (needsRegion && !options.region)
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `a ${options.role} needs the home region they work for`,
      });
    if (options.role === 'citizen' && !options.idNumber)
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: 'a citizen needs their 18-digit ID number',
      });
  });

const MIN_PASSWORD_LENGTH = 12;

function passwordOf(env: NodeJS.ProcessEnv): { password: string; generated: boolean } | InputIssue {
  const given = env.CROSSCLAIM_ACCOUNT_PASSWORD;
  if (given === undefined || given === '')
    return { password: randomBytes(15).toString('base64url'), generated: true };
  if (given.length < MIN_PASSWORD_LENGTH)
    return {
      path: 'CROSSCLAIM_ACCOUNT_PASSWORD',
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  return { password: given, generated: false };
}

export function registerAccountsCommand(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('The people who sign in to the embedded runtime (its OpenID provider).');
  accounts
    .command('add')
    .description(
      'Register a person: a citizen (with their ID number), a clerk or supervisor of a region, an agent ' +
        '(a service window of a region, filing for citizens on their authorisation), or an admin. ' +
        'Password from CROSSCLAIM_ACCOUNT_PASSWORD, else made at random and printed once.',
    )
    .requiredOption('--username <name>', 'what they type to sign in')
    .requiredOption('--name <name>', 'their name as the pages show it')
    .addOption(new Option('--role <role>', 'what they do').choices(ACCOUNT_ROLES).makeOptionMandatory())
    .option(
      '--region <code>',
      'clerk, supervisor: the 6-digit home region they work for; agent: their window’s',
    )
    .option('--id-number <id>', 'citizen: their 18-digit ID number (kept only as its keyed hash)')
    .option('--data-dir <dir>', 'the runtime’s data folder', '.data')
    .action(async (raw: Record<string, string | undefined>) => {
      const parsed = AddOptionsSchema.safeParse(raw);
      const password = passwordOf(process.env);
      const issues: InputIssue[] = [
        ...(parsed.success
          ? []
          : parsed.error.issues.map((i) => ({
              path: `--${z.core
                .toDotPath(i.path)
                .replace(/([A-Z])/g, '-$1')
                .toLowerCase()}`,
              message: i.message,
            }))),
        ...('path' in password ? [password] : []),
      ];
      if (!parsed.success || 'path' in password) {
        reportInvalidInput(new InvalidInputError('accounts add', issues));
        process.exitCode = EXIT_INVALID_INPUT;
        return;
      }
      const options = parsed.data;
      // A citizen's subject is the keyed hash of the folder's own key (domain/identity.ts).
      await loadIdentityKeyFile(identityKeyPath(options.dataDir));
      const store = await openLocalAccounts(options.dataDir, {
        testAccounts: false,
        policiesDir: POLICIES_DIR,
      });
      const account: TestAccount = {
        username: options.username,
        password: password.password,
        role: options.role,
        name: options.name,
        ...(options.region && { region: options.region }),
        ...(options.idNumber && { idNumber: options.idNumber }),
      };
      try {
        await store.add(account);
      } catch (error) {
        reportInvalidInput(
          new InvalidInputError('accounts add', [{ path: '--username', message: (error as Error).message }]),
        );
        process.exitCode = EXIT_INVALID_INPUT;
        return;
      }
      console.log(
        `account ${options.username} (${options.role}${options.region ? ` of ${options.region}` : ''}) added`,
      );
      if (password.generated) console.log(`password (shown once): ${password.password}`);
      console.log('a running crossclaim reads its accounts at start: restart it for this one to sign in');
    });
}
