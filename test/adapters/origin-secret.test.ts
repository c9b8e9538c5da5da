import { afterEach, describe, expect, it } from 'vitest';
import {
  cameThroughCloudFront,
  loadOriginSecretFromEnvironment,
  ORIGIN_VERIFY_HEADER,
  ORIGIN_VERIFY_SECRET_ENV,
} from '../../adapters/origin-secret';
import { json } from '../../functions/shared/http';
import { apiHandler } from '../../functions/shared/route-handler';
import { FAKE_AWS, fakeHttp } from './aws-fake-http';

const VALUE = 'Q7wYp2Lx9Rk4Vn8Bt6Hs3Jd5Fg1Mz0Cax9Rk4Vn8Bt6Hs3Jd';
const secret = (value: string) =>
  fakeHttp(() => ({
    statusCode: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ SecretString: value }),
  }));
const load = (value = VALUE) =>
  loadOriginSecretFromEnvironment(
    { [ORIGIN_VERIFY_SECRET_ENV]: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:origin' },
    { ...FAKE_AWS, requestHandler: secret(value).requestHandler },
  );

describe('the API answers only requests that came through CloudFront (on AWS)', () => {
  afterEach(() => loadOriginSecretFromEnvironment({}));

  it('with the secret loaded: the right header passes; none, a wrong or a longer one is 403 before the route runs', async () => {
    expect(await load()).toBe(true);
    expect(cameThroughCloudFront({ [ORIGIN_VERIFY_HEADER]: VALUE })).toBe(true);
    expect(cameThroughCloudFront({})).toBe(false);
    expect(cameThroughCloudFront({ [ORIGIN_VERIFY_HEADER]: VALUE.replace(/.$/, '?') })).toBe(false);
    expect(cameThroughCloudFront({ [ORIGIN_VERIFY_HEADER]: `${VALUE}x` })).toBe(false);

    let ran = 0;
    const route = apiHandler(async () => {
      ran++;
      return json(200, { ok: true });
    });
    const call = (headers: Record<string, string>) =>
      route({ requestContext: { http: { method: 'GET' } }, headers } as never, {} as never);
    const direct = await call({});
    expect(direct.statusCode).toBe(403);
    expect(JSON.parse(direct.body ?? '{}')).toMatchObject({ error: 'forbidden' });
    expect(ran).toBe(0);
    expect((await call({ [ORIGIN_VERIFY_HEADER]: VALUE })).statusCode).toBe(200);
    expect(ran).toBe(1);
  });

  it('locally (no variable) there is no CloudFront and no check; a short secret is refused', async () => {
    expect(await loadOriginSecretFromEnvironment({})).toBe(false);
    expect(cameThroughCloudFront({})).toBe(true);
    await expect(load('too-short')).rejects.toThrow(/shorter than 32/);
  });
});
