import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeRegionClientFor } from '../../adapters/home-region/home-region-from-env';

/**
 * On AWS the home-region client's token comes from Secrets Manager (HOME_REGION_TOKEN_SECRET_ARN):
 * read once per container, sent as a bearer token, a failed read tried again, never cached. One
 * local HTTP server plays both Secrets Manager (through the SDK's endpoint override) and the home
 * region's API.
 */
const ARN = 'arn:aws:secretsmanager:cn-north-1:000000000000:secret:home-region-token-abc';
const record = {
  enrolment: null,
  filings: [],
  yearToDate: {
    year: 2026,
    fundPaidFen: { inpatient: 0, outpatient: 0 },
    deductibleMetFen: { inpatient: 0, outpatient: 0 },
    admissions: 0,
  },
};

describe('the home-region client on AWS: its token from Secrets Manager', () => {
  let server: Server;
  let url = '';
  let secretReads = 0;
  let secretFails = 0;
  const authorizations: (string | undefined)[] = [];
  const saved = { ...process.env };

  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer((request, response) => {
      void (async () => {
        if (String(request.headers['x-amz-target']).endsWith('GetSecretValue')) {
          const { SecretId } = JSON.parse(await body(request)) as { SecretId: string };
          secretReads += 1;
          if (secretFails > 0) {
            secretFails -= 1;
            response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
            response.end(JSON.stringify({ __type: 'InternalServiceError', message: 'down' }));
            return;
          }
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify({ ARN: SecretId, Name: 'token', SecretString: ' bureau-token-1 \n' }));
          return;
        }
        authorizations.push(request.headers.authorization);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(record));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '1',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the secret once and sends it as the bearer token; the token is never in the environment', async () => {
    const client = homeRegionClientFor({ baseUrl: url, tokenSecretArn: ARN });
    await client.record('330400', `sha256:${'c'.repeat(64)}`, 2026);
    await client.record('330400', `sha256:${'d'.repeat(64)}`, 2026);
    expect(authorizations).toEqual(['Bearer bureau-token-1', 'Bearer bureau-token-1']);
    expect(secretReads).toBe(1);
  });

  it('a failed read of the secret fails the call, and the next call reads it again', async () => {
    secretReads = 0;
    secretFails = 1;
    authorizations.length = 0;
    const client = homeRegionClientFor({ baseUrl: url, tokenSecretArn: ARN });
    await expect(client.record('330400', `sha256:${'e'.repeat(64)}`, 2026)).rejects.toThrow();
    await client.record('330400', `sha256:${'e'.repeat(64)}`, 2026);
    expect(secretReads).toBe(2);
    expect(authorizations).toEqual(['Bearer bureau-token-1']);
  });

  it('locally: HOME_REGION_CLIENT_TOKEN if given, else no Authorization header', async () => {
    authorizations.length = 0;
    await homeRegionClientFor({ baseUrl: url, clientToken: 'local-1' }).record(
      '330400',
      `sha256:${'f'.repeat(64)}`,
      2026,
    );
    await homeRegionClientFor({ baseUrl: url }).record('330400', `sha256:${'f'.repeat(64)}`, 2026);
    expect(authorizations).toEqual(['Bearer local-1', undefined]);
  });
});
