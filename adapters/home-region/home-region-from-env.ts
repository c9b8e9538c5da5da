import { createHomeRegionHttpClient } from './home-region-http-client';
import type { HomeRegionClient } from './home-region-client';

export interface HomeRegionClientSettings {
  /** The region's API (HOME_REGION_API_URL). */
  baseUrl: string;
  /**
   * On AWS: the Secrets Manager secret holding the bearer token the home region issued crossclaim
   * (HOME_REGION_TOKEN_SECRET_ARN; the CDK app grants it only to the functions that call the home
   * region), read once when the first request needs it, never put in the environment.
   */
  tokenSecretArn?: string | undefined;
  /** The token itself (HOME_REGION_CLIENT_TOKEN), for a local run against a region that wants one. */
  clientToken?: string | undefined;
  timeoutMs?: number | undefined;
  catalogueTtlMs?: number | undefined;
  /** For tests: where the Secrets Manager client sends. */
  secretsClientConfig?: Record<string, unknown>;
}

/**
 * The home-region client a deployment's settings describe (the composition root,
 * functions/shared/dependencies.ts, builds it from the Config): authenticated with the secret's
 * token, or the token given, or (locally, usually) none.
 */
export function homeRegionClientFor(settings: HomeRegionClientSettings): HomeRegionClient {
  const authorization = authorizationOf(settings);
  return createHomeRegionHttpClient({
    baseUrl: settings.baseUrl,
    ...(authorization && { authorization }),
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
    ...(settings.catalogueTtlMs !== undefined && { catalogueTtlMs: settings.catalogueTtlMs }),
  });
}

function authorizationOf(settings: HomeRegionClientSettings): (() => Promise<string>) | undefined {
  const secretArn = settings.tokenSecretArn;
  if (secretArn) {
    let token: Promise<string> | undefined;
    return async () => {
      // A failed read is not cached: the next request tries again.
      token ??= readSecret(secretArn, settings.secretsClientConfig ?? {}).catch((error: unknown) => {
        token = undefined;
        throw error;
      });
      return `Bearer ${await token}`;
    };
  }
  const token = settings.clientToken;
  return token ? () => Promise.resolve(`Bearer ${token}`) : undefined;
}

/** The SDK client is loaded only here, so local runs never need it. */
async function readSecret(secretArn: string, clientConfig: Record<string, unknown>): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient(clientConfig).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  const token = answer.SecretString?.trim() ?? '';
  if (token.length === 0) throw new Error('the home-region client token secret is empty');
  return token;
}
