import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openLocalSigningKey, type LocalSigningKey } from '../api/jwt-keys';
import { openDataSecret } from '../data-secrets';
import { openLocalAccounts, testAccountsPath, type LocalAccounts } from './accounts';
import { createLocalOpenIdProvider, OIDC_MOUNT, type LocalOpenIdProvider } from './local-provider';

export const POLICIES_DIR = fileURLToPath(new URL('../../policies', import.meta.url));

/**
 * The sign-in of the crossclaim process of `npm start`: the data folder's token key, its
 * accounts and the OpenID provider at http://127.0.0.1:<api port>/oidc, which is the issuer the
 * API requires of every token (`crossclaim token` included).
 */
export async function localSignIn(config: {
  dataDir: string;
  ports: { api: number };
  mode: 'development' | 'production';
}): Promise<{ signingKey: LocalSigningKey; openIdProvider: LocalOpenIdProvider; accounts: LocalAccounts }> {
  const origin = `http://127.0.0.1:${config.ports.api}`;
  const issuer = `${origin}${OIDC_MOUNT}`;
  const development = config.mode === 'development';
  const signingKey = await openLocalSigningKey(config.dataDir, { issuer });
  const accounts = await openLocalAccounts(config.dataDir, {
    testAccounts: development,
    policiesDir: POLICIES_DIR,
  });
  const openIdProvider = createLocalOpenIdProvider({
    issuer,
    signingKey,
    accounts,
    cookieSecret: await openDataSecret(join(config.dataDir, 'oidc'), 'cookie-secret'),
    webOrigins: [origin],
    ...(development && {
      testAccountsHint: `开发模式 Development: 测试账号 test accounts in ${testAccountsPath(config.dataDir)}`,
    }),
  });
  return { signingKey, openIdProvider, accounts };
}
