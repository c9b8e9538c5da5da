import { createHomeRegionHttpClient } from './home-region-http-client';
import type { HomeRegionClient } from './home-region-client';

/**
 * The home-region client a Lambda builds from its environment: the region's API at
 * HOME_REGION_API_URL, authenticated with the bearer token the home region issued crossclaim.
 * On AWS the token is a Secrets Manager secret named by HOME_REGION_TOKEN_SECRET_ARN (the CDK
 * app grants it only to the functions that call the home region), read once per container when
 * the first request needs it, never put in the environment; HOME_REGION_CLIENT_TOKEN (the token
 * itself) is for a local run against a region that wants one. Locally there is usually none.
 */
export function homeRegionClientFromEnv(
  baseUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): HomeRegionClient {
  const authorization = authorizationFromEnv(env);
  return createHomeRegionHttpClient({ baseUrl, ...(authorization && { authorization }) });
}

function authorizationFromEnv(env: NodeJS.ProcessEnv): (() => Promise<string>) | undefined {
  const secretArn = env.HOME_REGION_TOKEN_SECRET_ARN;
  if (secretArn) {
    let token: Promise<string> | undefined;
    return async () => {
      // A failed read is not cached: the next request tries again.
      token ??= readSecret(secretArn).catch((error: unknown) => {
        token = undefined;
        throw error;
      });
      return `Bearer ${await token}`;
    };
  }
  const token = env.HOME_REGION_CLIENT_TOKEN;
  return token ? () => Promise.resolve(`Bearer ${token}`) : undefined;
}

/** The SDK client is loaded only here, so local runs never need it. */
async function readSecret(secretArn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  const token = answer.SecretString?.trim() ?? '';
  if (token.length === 0) throw new Error('the home-region client token secret is empty');
  return token;
}
