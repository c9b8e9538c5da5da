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

export async function loadOriginSecretFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  clientConfig: Record<string, unknown> = {},
): Promise<boolean> {
  const secretArn = env[ORIGIN_VERIFY_SECRET_ENV];
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

/** Whether a request may be served: no secret loaded (local), or it carries CloudFront's. */
export function cameThroughCloudFront(headers: Readonly<Record<string, string | undefined>>): boolean {
  if (!expected) return true;
  const sent = Buffer.from(headers[ORIGIN_VERIFY_HEADER] ?? '');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
