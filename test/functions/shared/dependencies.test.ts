import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chainEntry, EMPTY_HEAD, useAuditChainKey, type AuditEntry } from '../../../domain/audit-chain';
import { hashIdNumber } from '../../../domain/identity';
import { ClaimRejected } from '../../../events/claim-events';
import type { EventBridgeEnvelope } from '../../../events/envelope';
import type { PaymentGateway } from '../../../adapters/payments';
import { parseConfig } from '../../../functions/shared/config';
import {
  buildDependencies,
  deps,
  installDependencies,
  resetDependencies,
  setDependencies,
} from '../../../functions/shared/dependencies';
import { startEventBridgeApiServer } from '../../../local/eventbridge/eventbridge-api-server';
import { LocalEventBus } from '../../../local/eventbridge/local-bus';

const ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:crossclaim-claim';

afterEach(() => {
  vi.unstubAllEnvs();
  resetDependencies();
});

describe('buildDependencies: the composition root', () => {
  it('builds each part once, from the Config, and uses the parts it is given as they are', async () => {
    const bank = {
      transfer: () => Promise.reject(new Error('not in this test')),
    } as unknown as PaymentGateway;
    const root = await buildDependencies(
      parseConfig({
        tableName: 'crossclaim-root',
        stateMachineArn: ARN,
        hospitalApiUrl: 'http://127.0.0.1:9/',
      }),
      { payments: bank },
    );

    expect(root.payments).toBe(bank);
    expect(root.claims).toBe(root.claims);
    expect(root.stateMachineArn).toBe(ARN);
    expect(root.tableName).toBe('crossclaim-root');
  });

  it('is what deps() answers once installed; a test override wins until reset', async () => {
    installDependencies(await buildDependencies(parseConfig({ stateMachineArn: ARN })));
    expect(deps('stateMachineArn')).toBe(ARN);

    const other = ARN.replace('crossclaim-claim', 'other');
    setDependencies({ stateMachineArn: other });
    expect(deps('stateMachineArn')).toBe(other);
  });

  it('loads the data folder’s key files (making the audit key on first start) before any handler runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crossclaim-root-keys-'));
    const idNumber = '110101199003077777';
    const entry = {
      claimId: 'C1',
      at: '2026-03-01T00:00:00.000Z',
      actor: { role: 'system', sub: 'SubmitClaim' },
      action: 'claim.submitted',
    } as Omit<AuditEntry, 'seq'>;
    const unkeyed = chainEntry(EMPTY_HEAD, entry).head.auditHead;
    try {
      await buildDependencies(
        parseConfig({
          keyFiles: { auditKey: join(dir, 'audit.key'), identityKey: join(dir, 'identity.key') },
        }),
      );

      expect((await stat(join(dir, 'audit.key'))).mode & 0o777).toBe(0o600);
      const identityKey = Buffer.from((await readFile(join(dir, 'identity.key'), 'utf8')).trim(), 'hex');
      expect(hashIdNumber(idNumber)).toBe(
        `sha256:${createHmac('sha256', identityKey).update(idNumber).digest('hex')}`,
      );
      expect(chainEntry(EMPTY_HEAD, entry).head.auditHead).not.toBe(unkeyed);
    } finally {
      useAuditChainKey(undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('publishes events to the bus and endpoint the Config names', async () => {
    const bus = new LocalEventBus({ name: 'crossclaim-config' });
    const received: EventBridgeEnvelope[] = [];
    bus.addRule({
      name: 'all',
      pattern: { source: ['crossclaim.claims'] },
      targets: [(e) => void received.push(e)],
    });
    const server = await startEventBridgeApiServer({ bus });
    try {
      const root = await buildDependencies(
        parseConfig({ eventBusName: 'crossclaim-config', endpoints: { eventbridge: server.url } }),
      );
      await root.events.publish([
        ClaimRejected.event({
          claimId: 'clm-9',
          reasonCodes: ['ALREADY_REIMBURSED'],
          at: '2026-03-21T11:00:10+08:00',
        }),
      ]);
      await bus.drain();
    } finally {
      await server.close();
    }

    expect(received.map((event) => event['detail-type'])).toEqual(['Claim.Rejected']);
  });
});

describe('the Lambda entry', () => {
  it('reads the Config from the environment once, when a handler module loads on Lambda', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'crossclaim-GetClaim');
    vi.stubEnv('TABLE_NAME', 'crossclaim-claims');
    vi.stubEnv('CLAIM_STATE_MACHINE_ARN', ARN);
    const loaded = await import('../../../functions/shared/dependencies');
    vi.stubEnv('TABLE_NAME', 'changed-after-the-start');

    expect(loaded.deps('tableName')).toBe('crossclaim-claims');
    expect(loaded.deps('stateMachineArn')).toBe(ARN);
    loaded.resetDependencies();
  });

  it('fails the function’s start on a wrong setting, naming it', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'crossclaim-PayOut');
    vi.stubEnv('BANK_API_URL', 'bank.example.cn');

    await expect(import('../../../functions/shared/dependencies')).rejects.toThrow(
      'bankApiUrl (BANK_API_URL): must be an http(s) URL',
    );
  });

  it('off Lambda, loading a handler module reads nothing: the runtime installs the root', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
    vi.stubEnv('BANK_API_URL', 'bank.example.cn');

    await expect(import('../../../functions/shared/dependencies')).resolves.toBeDefined();
  });
});
