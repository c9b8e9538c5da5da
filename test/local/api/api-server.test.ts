import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { SignJWT, importJWK, type JWK } from 'jose';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ROUTE_LIST } from '../../../functions/api-routes';
import type { ApiFunctionName } from '../../../functions/catalog';
import { callerFromClaims } from '../../../functions/shared/auth';
import { ApiPortInUseError, startApiServer } from '../../../local/api/api-server';
import { openLocalSigningKey, signingKeyPath } from '../../../local/api/jwt-keys';
import { rawRequest } from '../../support/raw-http';
import { useApiServer } from './support';

/** Every route's handler replaced by one that answers with the event it was given. */
const invoked: ApiFunctionName[] = [];
const echo = (name: ApiFunctionName) =>
  Promise.resolve(async (event: unknown) => {
    invoked.push(name);
    if ((event as { rawPath: string }).rawPath.endsWith('/CBOOM0000000000')) throw new Error('handler bug');
    return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) };
  });

describe('local API server: what API Gateway’s HTTP API with a JWT authorizer does', () => {
  const api = useApiServer({ handlerOf: echo, maxBodyBytes: 4096 });

  it('hands the handler the payload 2.0 event the HTTP API would, with the verified claims', async () => {
    const token = await api.mint({ role: 'clerk', sub: 'clerk-7', region: '330400' });
    const response = await api.call<APIGatewayProxyEventV2WithJWTAuthorizer>(
      'POST',
      '/claims/C20260101ABCDEFGHJKMN/decision?dry=1&tag=a&tag=b',
      { token, body: { decision: 'approve' }, headers: { 'X-Trace-Id': 't-1' } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    const event = response.body;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /claims/{claimId}/decision',
      rawPath: '/claims/C20260101ABCDEFGHJKMN/decision',
      rawQueryString: 'dry=1&tag=a&tag=b',
      queryStringParameters: { dry: '1', tag: 'a,b' },
      pathParameters: { claimId: 'C20260101ABCDEFGHJKMN' },
      body: '{"decision":"approve"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /claims/{claimId}/decision',
        stage: '$default',
        http: { method: 'POST', path: '/claims/C20260101ABCDEFGHJKMN/decision', sourceIp: '127.0.0.1' },
        requestId: response.headers.get('apigw-requestid'),
      },
    });
    expect(event.headers['x-trace-id']).toBe('t-1');
    expect(event.headers.authorization).toBe(`Bearer ${token}`);
    const { claims } = event.requestContext.authorizer.jwt;
    // As the HTTP API passes them: strings, the groups array flattened.
    expect(claims).toMatchObject({
      sub: 'clerk-7',
      'cognito:groups': '[clerk]',
      'custom:region': '330400',
      iss: 'crossclaim-local',
      aud: 'crossclaim-api',
    });
    expect(callerFromClaims(claims)).toEqual({ caller: { role: 'clerk', sub: 'clerk-7', region: '330400' } });
  });

  it('a binary body arrives base64-encoded, as through the HTTP API', async () => {
    const token = await api.mint({ role: 'admin', sub: 'admin-1' });
    const response = await api.call<APIGatewayProxyEventV2WithJWTAuthorizer>('POST', '/claims', {
      token,
      body: '\u0001\u0002',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(response.body.isBase64Encoded).toBe(true);
    expect(Buffer.from(response.body.body ?? '', 'base64')).toEqual(Buffer.from([1, 2]));
  });

  describe('refuses a token it cannot trust with 401 and a JSON reason, before any handler runs', () => {
    const path = '/claims/C20260101ABCDEFGHJKMN';

    async function expectRefused(token: string | undefined, reason: string) {
      const before = invoked.length;
      const response = await api.call('GET', path, { token });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(response.body).toEqual({ error: 'unauthorized', message: expect.stringContaining(reason) });
      expect(invoked.length).toBe(before);
    }

    /** Signs claims with this runtime's own private key, to make tokens `mintToken` never would. */
    async function signedByOurKey(claims: Record<string, unknown>) {
      const stored = JSON.parse(await readFile(signingKeyPath(api.dataDir), 'utf8')) as {
        kid: string;
        privateJwk: JWK;
      };
      const key = await importJWK(stored.privateJwk, 'ES256');
      return new SignJWT({ 'cognito:groups': ['admin'], ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: stored.kid })
        .setSubject('admin-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    }

    it('no token', () => expectRefused(undefined, 'no bearer token'));

    it('an expired token', async () => {
      const anHourAgo = await openLocalSigningKey(api.dataDir, {
        now: () => new Date(Date.now() - 3600_000),
      });
      const expired = await anHourAgo.mintToken({ role: 'admin', sub: 'admin-1', ttlSeconds: 60 });
      await expectRefused(expired, 'expired');
    });

    it('a token signed by another key (another runtime’s)', async () => {
      const elsewhere = await mkdtemp(join(tmpdir(), 'crossclaim-other-'));
      try {
        const foreign = await (
          await openLocalSigningKey(elsewhere)
        ).mintToken({
          role: 'admin',
          sub: 'admin-1',
          ttlSeconds: 60,
        });
        await expectRefused(foreign, 'key the issuer does not have');
      } finally {
        await rm(elsewhere, { recursive: true, force: true });
      }
    });

    it('a token with a tampered payload', async () => {
      const token = await api.mint({ role: 'citizen', sub: `sha256:${'a'.repeat(64)}` });
      const [header, , signature] = token.split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 'admin-1', 'cognito:groups': ['admin'] })).toString(
        'base64url',
      );
      await expectRefused(`${header}.${payload}.${signature}`, 'signature');
    });

    it('a token for another audience, or from another issuer', async () => {
      const access = { token_use: 'access' };
      await expectRefused(
        await signedByOurKey({ ...access, iss: 'crossclaim-local', aud: 'another-api' }),
        'another audience',
      );
      await expectRefused(
        await signedByOurKey({ ...access, iss: 'someone-else', aud: 'crossclaim-api' }),
        'iss',
      );
    });

    it('an ID token used as an access token, or a token that says nothing of its use', async () => {
      const fields = { iss: 'crossclaim-local', aud: 'crossclaim-api' };
      await expectRefused(await signedByOurKey({ ...fields, token_use: 'id' }), 'an ID token');
      await expectRefused(await signedByOurKey(fields), 'not an access token');
      await expect(
        api.call('GET', '/claims', { token: await signedByOurKey({ ...fields, token_use: 'access' }) }),
      ).resolves.toMatchObject({ status: 200 });
    });

    it('something that is not a JWT', () => expectRefused('not-a-jwt', 'not a well-formed JWT'));
  });

  it('a request whose Host is another name (DNS rebinding) is 421 and reaches no handler', async () => {
    const token = await api.mint({ role: 'admin', sub: 'admin-1' });
    const before = invoked.length;
    for (const host of ['evil.example', `evil.example:${new URL(api.url).port}`]) {
      const answer = await rawRequest(`${api.url}/claims`, {
        method: 'POST',
        headers: { host, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(answer.status).toBe(421);
    }
    expect(invoked.length).toBe(before);
    const named = await rawRequest(`${api.url}/claims`, {
      method: 'POST',
      headers: { host: `localhost:${new URL(api.url).port}`, authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(named.status).toBe(200);
    expect(invoked.length).toBe(before + 1);
  });

  it('an unknown route, or a known path with another method, is 404 JSON', async () => {
    const unknown = await api.call('GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found' });
    expect((await api.call('DELETE', '/claims')).status).toBe(404);
    expect((await api.call('GET', '/claims/')).status).toBe(404);
  });

  it('a body over the limit is 413, and the handler never runs', async () => {
    const token = await api.mint({ role: 'admin', sub: 'admin-1' });
    const before = invoked.length;
    const response = await api.call('POST', '/claims', { token, body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: 'payload_too_large' });
    expect(invoked.length).toBe(before);
  });

  it('a handler that throws is a 500 that says nothing of the cause', async () => {
    const token = await api.mint({ role: 'admin', sub: 'admin-1' });
    const response = await api.call('GET', '/claims/CBOOM0000000000', { token });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ message: 'Internal Server Error' });
  });

  it('serves the public key at /.well-known/jwks.json, and nothing private', async () => {
    const response = await api.call<{ keys: JWK[] }>('GET', '/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.body.keys).toHaveLength(1);
    expect(response.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: api.key.kid });
    expect(response.body.keys[0]).not.toHaveProperty('d');
  });

  it('keeps its signing key in the data directory, readable by its owner only, across restarts', async () => {
    expect((await stat(signingKeyPath(api.dataDir))).mode & 0o777).toBe(0o600);
    const token = await api.mint({ role: 'admin', sub: 'admin-1' });
    const reopened = await openLocalSigningKey(api.dataDir);
    expect(reopened.kid).toBe(api.key.kid);
    expect((await reopened.verifyToken(token)).sub).toBe('admin-1');
  });

  it('a port in use is refused with a message naming the port and how to choose another', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const starting = startApiServer({ signingKey: api.key, port, portOption: '--api-port' });
      await expect(starting).rejects.toBeInstanceOf(ApiPortInUseError);
      await expect(starting).rejects.toThrow(
        `127.0.0.1:${port}: the port is in use. Choose another with --api-port`,
      );
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  describe('describes itself', () => {
    it('GET /openapi.json is OpenAPI 3.1 listing every route of the table with bearer security and its roles', async () => {
      const response = await api.call<{
        openapi: string;
        paths: Record<string, Record<string, { security: unknown; 'x-crossclaim-roles': string[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      }>('GET', '/openapi.json');
      expect(response.status).toBe(200);
      const doc = response.body;
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const route of API_ROUTE_LIST) {
        const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
        expect(operation, `${route.method} ${route.path}`).toBeDefined();
        expect(operation?.security).toEqual([{ bearerAuth: [] }]);
        expect(operation?.['x-crossclaim-roles']).toEqual(route.roles);
      }
      const documented = Object.values(doc.paths).flatMap((item) => Object.keys(item));
      expect(documented).toHaveLength(API_ROUTE_LIST.length);
    });

    it('GET /docs is an HTML page that loads only this server’s own assets, and they are served', async () => {
      const response = await fetch(`${api.url}/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await response.text();
      const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(references.length).toBeGreaterThan(0);
      for (const reference of references) {
        expect(reference).toMatch(/^\/docs\//);
        const asset = await fetch(`${api.url}${reference}`);
        expect(asset.status, reference).toBe(200);
        await asset.arrayBuffer();
      }
      const init = await (await fetch(`${api.url}/docs/init.js`)).text();
      expect(init).toContain("url: '/openapi.json'");
      expect(init).toContain('validatorUrl: null');
    });
  });
});
