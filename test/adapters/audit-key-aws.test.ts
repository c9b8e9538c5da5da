import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_KEY_SECRET_ENV, loadAuditKeyFromEnvironment } from '../../adapters/audit-key';
import {
  chainEntry,
  EMPTY_HEAD,
  useAuditChainKey,
  verifyChain,
  type AuditEntry,
} from '../../domain/audit-chain';
import { FAKE_AWS, fakeHttp } from './aws-fake-http';

const SECRET_ARN = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:crossclaim-AuditChainKey-AbCdEf';
const KEY_HEX = 'ab'.repeat(32);

const secretsManager = (secretString: string) =>
  fakeHttp(() => ({
    statusCode: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ ARN: SECRET_ARN, Name: 'crossclaim-AuditChainKey', SecretString: secretString }),
  }));

describe('the audit-chain key on AWS: loaded from Secrets Manager by the history’s writers', () => {
  afterEach(() => useAuditChainKey(undefined));

  it('asks Secrets Manager for the secret the environment names, and keys the chain with it', async () => {
    const http = secretsManager(`${KEY_HEX}\n`);
    const key = await loadAuditKeyFromEnvironment(
      { [AUDIT_KEY_SECRET_ENV]: SECRET_ARN },
      { ...FAKE_AWS, requestHandler: http.requestHandler },
    );
    expect(key?.toString('hex')).toBe(KEY_HEX);
    expect(http.sent).toHaveLength(1);
    expect(http.sent[0]?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
    expect(JSON.parse(http.sent[0]!.body)).toEqual({ SecretId: SECRET_ARN });

    // The chain written now verifies only with that key.
    const { entry, head } = chainEntry(EMPTY_HEAD, {
      claimId: 'C1',
      at: '2026-03-01T00:00:00.000Z',
      actor: { role: 'system', sub: 'SubmitClaim' },
      action: 'claim.submitted',
    } as Omit<AuditEntry, 'seq'>);
    expect(verifyChain('C1', [entry], head).ok).toBe(true);
    useAuditChainKey(undefined);
    expect(verifyChain('C1', [entry], head).ok).toBe(false);
  });

  it('loads nothing without the variable (local runs load the key file), and refuses a secret that is not a key', async () => {
    const http = secretsManager(KEY_HEX);
    expect(await loadAuditKeyFromEnvironment({}, { ...FAKE_AWS, requestHandler: http.requestHandler })).toBe(
      undefined,
    );
    expect(http.sent).toHaveLength(0);
    const wrong = secretsManager('not-a-key');
    await expect(
      loadAuditKeyFromEnvironment(
        { [AUDIT_KEY_SECRET_ENV]: SECRET_ARN },
        { ...FAKE_AWS, requestHandler: wrong.requestHandler },
      ),
    ).rejects.toThrow(/not 64\+ hex/);
  });
});
