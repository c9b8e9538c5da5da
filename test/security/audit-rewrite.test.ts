import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { auditKeyPath, loadAuditKeyFile } from '../../adapters/audit-key';
import { ClaimStore, keys } from '../../adapters/claim-store';
import { hashEntry, useAuditChainKey, verifyChain } from '../../domain/audit-chain';
import type { ClaimCase } from '../../domain/claim';
import { useTestTable } from '../support/dynamodb';
import { fakeStoredCase } from '../support/stored-cases';
import { runCliAsync } from '../support/run-cli';

/**
 * The audit chain against someone who can write the table: they change what entry 2 says and
 * recompute every later hash and the head on the case, as a plain hash chain allows. With the
 * writers' key (HMAC), `crossclaim audit verify` still finds the rewrite.
 */
const table = useTestTable('auditkey');
const store = () => new ClaimStore(table.docClient, table.tableName);

const newCase = (): ClaimCase => fakeStoredCase('KEYED', { name: '测试丙', hashChar: 'c' });

async function claimWithHistory(): Promise<string> {
  const claims = store();
  const claim = newCase();
  await claims.create(claim);
  const fetching = await claims.transition(claim, 'FETCHING');
  const reading = await claims.transition(fetching, 'READING');
  await claims.transition(reading, 'VERIFYING');
  return claim.claimId;
}

/** The attacker: no key, so a plain SHA-256 chain recomputed from the changed entry on. */
async function rewriteAndRehash(claimId: string): Promise<void> {
  const trail = await store().auditTrail(claimId);
  useAuditChainKey(undefined);
  let prev = trail.entries[0]?.hash ?? '';
  for (const entry of trail.entries.slice(1)) {
    const changed = entry.seq === 2 ? { ...entry, after: { ...entry.after, status: 'PAID' } } : entry;
    const { prevHash: _p, hash: _h, ...content } = changed;
    const hash = hashEntry(prev, content);
    await table.docClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.audit(claimId, entry.seq), ...content, prevHash: prev, hash },
      }),
    );
    prev = hash;
  }
  await table.docClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.claim(claimId),
      UpdateExpression: 'SET auditHead = :head',
      ExpressionAttributeValues: { ':head': prev },
    }),
  );
}

describe('audit chain: a rewritten and re-hashed entry is found when the chain is keyed', () => {
  const dirs: string[] = [];
  afterEach(() => useAuditChainKey(undefined));
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const verify = (claimId: string, dataDir: string) =>
    runCliAsync([
      'audit',
      'verify',
      claimId,
      '--table',
      table.tableName,
      '--dynamodb-endpoint',
      inject('dynamoEndpoint'),
      '--data-dir',
      dataDir,
    ]);

  it('without a key the rewrite passes (why the key is needed); with the writers’ key it is BROKEN at entry 2', async () => {
    const noKey = await mkdtemp(join(tmpdir(), 'crossclaim-nokey-'));
    dirs.push(noKey);
    useAuditChainKey(undefined);
    const plain = await claimWithHistory();
    await rewriteAndRehash(plain);
    expect((await verify(plain, noKey)).status).toBe(0);

    const dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-auditkey-'));
    dirs.push(dataDir);
    await loadAuditKeyFile(auditKeyPath(dataDir), { create: true });
    const keyed = await claimWithHistory();
    const trail = await store().auditTrail(keyed);
    expect(verifyChain(keyed, trail.entries, trail.head).ok).toBe(true);
    await rewriteAndRehash(keyed);
    const broken = await verify(keyed, dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN  ${keyed}  at entry 2`);
  });
});
