import type { Context } from 'aws-lambda';
import { decodeJwt } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashIdNumber } from '../../domain/identity';
import { handler as preTokenGeneration } from '../../functions/pre-token-generation';
import { callerFromClaims, TOKEN_CLAIMS } from '../../functions/shared/auth';
import { openLocalSigningKey } from '../../local/api/jwt-keys';

const HASH = hashIdNumber('330402199001010019');
const OTHER_HASH = hashIdNumber('330402198001010012');
const COGNITO_SUB = '7d3a1c2e-5b6f-4a89-9c01-23456789abcd';
const context = { functionName: 'crossclaim-PreTokenGeneration', awsRequestId: 'test' } as Context;

describe('citizen identity: custom:idNumberHash, one parser for Cognito and local tokens', () => {
  it('takes a Cognito citizen (sub a UUID) to be the hash in custom:idNumberHash', () => {
    expect(
      callerFromClaims({
        sub: COGNITO_SUB,
        'cognito:groups': '[citizen]',
        [TOKEN_CLAIMS.idNumberHash]: HASH,
      }),
    ).toEqual({ caller: { role: 'citizen', sub: HASH } });
  });

  it('still accepts a token without the claim whose sub is the hash, and refuses a UUID sub without it', () => {
    expect(callerFromClaims({ sub: HASH, 'cognito:groups': ['citizen'] })).toEqual({
      caller: { role: 'citizen', sub: HASH },
    });
    expect(callerFromClaims({ sub: COGNITO_SUB, 'cognito:groups': ['citizen'] })).toEqual({
      problem: "the token's sub must be sha256:<64 hex digits>, the hash of an ID number",
    });
  });

  it('refuses a malformed claim, or a sub that is the hash of another ID number, naming the claim', () => {
    expect(
      callerFromClaims({
        sub: COGNITO_SUB,
        'cognito:groups': ['citizen'],
        [TOKEN_CLAIMS.idNumberHash]: 'abc',
      }),
    ).toEqual({
      problem: "the token's custom:idNumberHash must be sha256:<64 hex digits>, the hash of an ID number",
    });
    expect(
      callerFromClaims({ sub: OTHER_HASH, 'cognito:groups': ['citizen'], [TOKEN_CLAIMS.idNumberHash]: HASH }),
    ).toEqual({
      problem: "the token's sub and custom:idNumberHash are the hashes of different ID numbers",
    });
  });

  it('does not let the claim change who a clerk is', () => {
    expect(
      callerFromClaims({
        sub: 'clerk-1',
        'cognito:groups': ['clerk'],
        'custom:region': '330400',
        [TOKEN_CLAIMS.idNumberHash]: HASH,
      }),
    ).toEqual({ caller: { role: 'clerk', sub: 'clerk-1', region: '330400' } });
  });

  describe('local tokens', () => {
    let dataDir: string | undefined;
    afterAll(() => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));

    it('carry the hash in custom:idNumberHash for citizens only, as Cognito’s do', async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-identity-'));
      const key = await openLocalSigningKey(dataDir);
      const citizen = decodeJwt(await key.mintToken({ role: 'citizen', sub: HASH, ttlSeconds: 60 }));
      expect(citizen).toMatchObject({ sub: HASH, [TOKEN_CLAIMS.idNumberHash]: HASH });
      const admin = decodeJwt(await key.mintToken({ role: 'admin', sub: 'admin-1', ttlSeconds: 60 }));
      expect(admin[TOKEN_CLAIMS.idNumberHash]).toBeUndefined();
    });
  });
});

describe('the pre token generation trigger (functions/pre-token-generation.ts)', () => {
  const event = (groups: string[], attributes: Record<string, string>) => ({
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'cn-north-1',
    userPoolId: 'cn-north-1_test',
    userName: 'citizen-0001',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: {
      userAttributes: { sub: COGNITO_SUB, ...attributes },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
      scopes: ['openid'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  });
  const invoke = (e: ReturnType<typeof event>) =>
    (preTokenGeneration as unknown as (e: unknown, c: Context) => Promise<Record<string, unknown>>)(
      e,
      context,
    );

  it('puts a citizen’s hash into the ID and access tokens, and returns the rest of the event as it came', async () => {
    const result = await invoke(event(['citizen'], { [TOKEN_CLAIMS.idNumberHash]: HASH }));
    const claims = { claimsToAddOrOverride: { [TOKEN_CLAIMS.idNumberHash]: HASH } };
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: { idTokenGeneration: claims, accessTokenGeneration: claims },
    });
    expect(result).toMatchObject({
      userPoolId: 'cn-north-1_test',
      triggerSource: 'TokenGeneration_Authentication',
    });
  });

  it('fails the sign-in of a citizen without a valid hash, saying what to set', async () => {
    await expect(invoke(event(['citizen'], {}))).rejects.toThrow(
      /citizen citizen-0001 has no valid custom:idNumberHash attribute .*set it when registering/,
    );
    await expect(invoke(event(['citizen'], { [TOKEN_CLAIMS.idNumberHash]: 'sha256:xyz' }))).rejects.toThrow(
      /no valid custom:idNumberHash/,
    );
  });

  it('keeps the claim out of anyone else’s tokens', async () => {
    const result = await invoke(event(['clerk'], { [TOKEN_CLAIMS.idNumberHash]: HASH }));
    const claims = { claimsToSuppress: [TOKEN_CLAIMS.idNumberHash] };
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: { idTokenGeneration: claims, accessTokenGeneration: claims },
    });
  });

  it('copies a clerk’s region and a hospital’s code into the access token (it has no custom attributes of its own)', async () => {
    const clerk = await invoke(event(['clerk'], { [TOKEN_CLAIMS.region]: '330400' }));
    const claims = {
      claimsToSuppress: [TOKEN_CLAIMS.idNumberHash],
      claimsToAddOrOverride: { [TOKEN_CLAIMS.region]: '330400' },
    };
    expect(clerk.response).toEqual({
      claimsAndScopeOverrideDetails: { idTokenGeneration: claims, accessTokenGeneration: claims },
    });
    const hospital = await invoke(event(['hospital'], { [TOKEN_CLAIMS.hospital]: 'H31010400002' }));
    expect(hospital.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { [TOKEN_CLAIMS.hospital]: 'H31010400002' } },
      },
    });
  });

  it('refuses an event that is not version 2 (the trigger must be configured as V2_0)', async () => {
    await expect(
      invoke({ ...event(['citizen'], { [TOKEN_CLAIMS.idNumberHash]: HASH }), version: '1' }),
    ).rejects.toThrow(/version/);
  });
});
