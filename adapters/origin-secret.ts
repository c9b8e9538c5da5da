import { timingSafeEqual } from 'node:crypto';

/**
 * The CloudFront-only check of the HTTP API. CloudFront adds ORIGIN_VERIFY_HEADER with a
 * secret value to every request it sends to the API; the API handlers refuse a request
 * without it, so a caller who finds the execute-api URL cannot go around CloudFront and its web
 * ACL. On AWS the value is the Secrets Manager secret named by ORIGIN_VERIFY_SECRET_ARN; locally
 * (no variable) there is no CloudFront and no check.
 */
export const ORIGIN_VERIFY_HEADER = 'x-crossclaim-origin-verify';
export const ORIGIN_VERIFY_SECRET_ENV = 'ORIGIN_VERIFY_SECRET_ARN';

let expected: Buffer | undefined;

/**
 * Loads the value CloudFront sends from the secret `secretArn`, once per container (the
 * composition root, functions/shared/dependencies.ts, calls this); undefined: no check (local).
 */
export async function loadOriginSecret(
  secretArn: string | undefined,
  clientConfig: Record<string, unknown> = {},
): Promise<boolean> {
  if (!secretArn) {
    expected = undefined;
    return false;
  }
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient(clientConfig).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  const value = answer.SecretString?.trim() ?? '';
  if (value.length < 32) throw new Error('the origin-verify secret is shorter than 32 characters');
  expected = Buffer.from(value);
  return true;
}

/** The same, from an environment-shaped record (ORIGIN_VERIFY_SECRET_ARN). */
export const loadOriginSecretFromEnvironment = (
  env: Readonly<Record<string, string | undefined>>,
  clientConfig: Record<string, unknown> = {},
): Promise<boolean> => loadOriginSecret(env[ORIGIN_VERIFY_SECRET_ENV], clientConfig);

/** Whether a request may be served: no secret loaded (local), or it carries CloudFront's. */
export function cameThroughCloudFront(headers: Readonly<Record<string, string | undefined>>): boolean {
  if (!expected) return true;
  const sent = Buffer.from(headers[ORIGIN_VERIFY_HEADER] ?? '');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
