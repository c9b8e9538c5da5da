import { IllegalStatusMoveError } from '../../domain/claim-status-moves';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ClaimConflictError, ClaimStore, keys } from '../../adapters/claim-store';
import { verifyChain } from '../../domain/audit-chain';
import type { ClaimCase } from '../../domain/claim';
import { useTestTable } from '../support/dynamodb';
import { fakeStoredCase } from '../support/stored-cases';
import { runCliAsync } from '../support/run-cli';

const table = useTestTable('audit');
const store = () => new ClaimStore(table.docClient, table.tableName);

const newCase = (): ClaimCase => fakeStoredCase('AUDIT', { name: '测试乙', hashChar: 'b' });

async function verified(claimId: string) {
  const trail = await store().auditTrail(claimId);
  return { trail, verdict: verifyChain(claimId, trail.entries, trail.head) };
}

describe('claim store: every change appends a hash-chained AUDIT# entry in the same write', () => {
  it('records the submission, status changes, documents and decisions, and the chain verifies', async () => {
    const claims = store();
    const claim = newCase();
    await claims.create(claim);
    const fetching = await claims.transition(claim, 'FETCHING', { policyId: 'jiaxing-employee-2026' }, [], {
      actor: { role: 'system', sub: 'CheckEligibility' },
    });
    await claims.putDocument(claim.claimId, 'VERIFICATION', 'latest', { decision: 'pass', findings: [] });
    // The document moved the history on; a transition from the case read before still succeeds.
    const inReview = await claims.transition(fetching, 'IN_REVIEW', {
      taskToken: 'token-1',
      queuedAt: '2026-03-05T09:03:00.000Z',
    });
    await claims.transition(
      inReview,
      'APPROVED',
      {
        decision: {
          decision: 'approve',
          note: '票据齐全',
          clerkId: 'clerk-jx-01',
          at: '2026-03-05T09:04:00.000Z',
        },
      },
      ['taskToken'],
      { actor: { role: 'clerk', sub: 'clerk-jx-01' } },
    );

    const { trail, verdict } = await verified(claim.claimId);
    expect(verdict).toMatchObject({ ok: true, entries: 5 });
    expect(trail.entries.map((e) => e.action)).toEqual([
      'claim.submitted',
      'status.changed',
      'document.stored',
      'status.changed',
      'decision.recorded',
    ]);
    expect(trail.entries[0]?.actor).toEqual({ role: 'citizen', sub: claim.insured.idNumberHash });
    const decision = trail.entries[4];
    expect(decision?.actor).toEqual({ role: 'clerk', sub: 'clerk-jx-01' });
    expect(decision?.before).toMatchObject({ status: 'IN_REVIEW' });
    expect(decision?.after).toMatchObject({
      status: 'APPROVED',
      decision: { decision: 'approve', clerkId: 'clerk-jx-01', note: '票据齐全' },
    });
    // No personal data in the history: no name, ID number, bank account or task token.
    const text = JSON.stringify(trail.entries);
    for (const secret of ['测试乙', '6222000000000000001', '3304**********0019', 'token-1']) {
      expect(text).not.toContain(secret);
    }
  });

  it('stores the same document again without a second entry', async () => {
    const claims = store();
    const claim = newCase();
    await claims.create(claim);
    await claims.putDocument(claim.claimId, 'RECEIPT', 'R1', { receiptId: 'R1', qrPayload: 'x' });
    await claims.putDocument(claim.claimId, 'RECEIPT', 'R1', { receiptId: 'R1', qrPayload: 'x' });
    await claims.putDocument(claim.claimId, 'RECEIPT', 'R1', {
      receiptId: 'R1',
      qrPayload: 'x',
      outcome: { kind: 'matched', billKey: 'B#1' },
    });
    const { trail, verdict } = await verified(claim.claimId);
    expect(verdict.ok).toBe(true);
    expect(trail.entries.map((e) => e.after?.outcome ?? null)).toEqual([null, null, 'matched']);
    expect(await claims.getDocument(claim.claimId, 'RECEIPT', 'R1')).toEqual({
      receiptId: 'R1',
      qrPayload: 'x',
      outcome: { kind: 'matched', billKey: 'B#1' },
    });
  });

  it('two writers (two processes) appending at once never share a seq nor lose an entry', async () => {
    const claim = newCase();
    await store().create(claim);
    // Separate store instances: no in-process queue between them, only DynamoDB's conditions.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => store().putDocument(claim.claimId, 'NOTICE', `N${i}`, { n: i })),
    );
    const { trail, verdict } = await verified(claim.claimId);
    expect(verdict).toMatchObject({ ok: true, entries: 13 });
    expect(new Set(trail.entries.map((e) => e.after?.documentId)).size).toBe(13);
  });

  it('refuses a status move its table does not allow, writing nothing', async () => {
    const claims = store();
    const claim = newCase();
    await claims.create(claim);
    await expect(claims.transition(claim, 'PAID')).rejects.toBeInstanceOf(IllegalStatusMoveError);
    expect((await claims.get(claim.claimId)).status).toBe('SUBMITTED');
    const { verdict } = await verified(claim.claimId);
    expect(verdict).toMatchObject({ ok: true, entries: 1 });
  });

  it('still refuses a transition from a status or version the case has left', async () => {
    const claims = store();
    const claim = newCase();
    await claims.create(claim);
    await claims.transition(claim, 'FETCHING');
    await expect(claims.transition(claim, 'REJECTED')).rejects.toBeInstanceOf(ClaimConflictError);
    const { trail, verdict } = await verified(claim.claimId);
    expect(verdict).toMatchObject({ ok: true, entries: 2 });
    expect(trail.head?.auditSeq).toBe(2);
  });

  it('records the adjudication appended, the payout and the bank instruction', async () => {
    const claims = store();
    const claim = newCase();
    await claims.create(claim);
    // Through the steps' statuses: the store refuses a move its table does not allow.
    const verifying = await claims.transition(await claims.transition(claim, 'FETCHING'), 'VERIFYING');
    const adjudicated = await claims.transition(verifying, 'ADJUDICATED', { benefitFen: 1234 });
    const result = {
      caseId: claim.claimId,
      policyId: 'jiaxing-employee-2026',
      policyVersion: 1,
      careType: 'outpatient' as const,
      ratioBp: 8000,
      deductibleDueFen: 0,
      capLeftFen: 100_000,
      lines: [],
      notes: [],
      submittedFen: 1234,
      selfPayFen: 0,
      selfPayFirstFen: 0,
      eligibleFen: 1234,
      deductibleFen: 0,
      coinsuranceFen: 0,
      overCapFen: 0,
      benefitFen: 1234,
      seriousIllnessFen: 0,
      patientPaysFen: 0,
    };
    const stored = await claims.appendAdjudication(claim.claimId, result, 0);
    const accumulator = await claims.accumulator(claim.insured.idNumberHash, 2026);
    const outcome = await claims.recordPayout({
      claim: adjudicated,
      accumulator,
      deductibleAppliedFen: 0,
      payout: {
        claimId: claim.claimId,
        amountFen: 1234,
        bankAccount: claim.payout.bankAccount,
        accountName: claim.payout.accountName,
        insuredId: claim.insured.idNumberHash,
        year: 2026,
        careType: 'outpatient',
        adjudicationSeq: stored.seq,
        createdAt: '2026-03-05T09:10:00.000Z',
      },
    });
    expect(outcome.kind).toBe('recorded');
    await claims.setBankReference(claim.claimId, 'BK-000001');
    const { trail, verdict } = await verified(claim.claimId);
    expect(verdict).toMatchObject({ ok: true, entries: 7 });
    expect(trail.entries.map((e) => e.action)).toEqual([
      'claim.submitted',
      'status.changed',
      'status.changed',
      'status.changed',
      'adjudication.appended',
      'payout.recorded',
      'payout.instructed',
    ]);
    expect(trail.entries[5]?.after).toMatchObject({ amountFen: 1234, adjudicationSeq: 1 });
    expect(JSON.stringify(trail.entries)).not.toContain(claim.payout.bankAccount);
  });
});

describe('crossclaim audit verify', () => {
  const endpoint = () => inject('dynamoEndpoint');
  const verify = (...args: string[]) =>
    runCliAsync(['audit', 'verify', ...args, '--table', table.tableName, '--dynamodb-endpoint', endpoint()]);

  async function claimWithHistory(): Promise<string> {
    const claims = store();
    const claim = newCase();
    await claims.create(claim);
    const fetching = await claims.transition(claim, 'FETCHING');
    await claims.transition(fetching, 'READING');
    return claim.claimId;
  }

  it('exits 0 when the chain verifies, and 1 naming the first broken entry after an edit in the table', async () => {
    const claimId = await claimWithHistory();
    const intact = await verify(claimId);
    expect(intact.stderr).toBe('');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain(`ok      ${claimId}  3 entries`);

    // Someone with write access to the table changes what entry 2 says happened.
    await table.docClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.audit(claimId, 2),
        UpdateExpression: 'SET #after.#status = :status',
        ExpressionAttributeNames: { '#after': 'after', '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'PAID' },
      }),
    );
    const broken = await verify(claimId);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(
      `BROKEN  ${claimId}  at entry 2: entry 2 was changed after it was written`,
    );

    const json = await verify(claimId, '--format', 'json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      intact: false,
      broken: 1,
      verdicts: [{ claimId, brokenAt: 2 }],
    });
  });

  it('--all verifies every claim and fails if any is broken', async () => {
    const good = await claimWithHistory();
    const tampered = await claimWithHistory();
    await table.docClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.claim(tampered),
        UpdateExpression: 'SET auditSeq = :two',
        ExpressionAttributeValues: { ':two': 2 },
      }),
    );
    const all = await verify('--all');
    expect(all.status).toBe(1);
    expect(all.stdout).toContain(`ok      ${good}`);
    expect(all.stdout).toContain(`BROKEN  ${tampered}  at entry 3`);
  });

  it('exits 2 on bad input: no claim and no --all, an unknown claim, an unknown table', async () => {
    expect((await verify()).status).toBe(2);
    const unknown = await verify('C20260305NOSUCHCLAIM00');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('does not exist');
    const noTable = await runCliAsync([
      'audit',
      'verify',
      '--all',
      '--table',
      'crossclaim-no-such-table',
      '--dynamodb-endpoint',
      endpoint(),
    ]);
    expect(noTable.status).toBe(2);
    expect(noTable.stderr).toContain('does not exist');
  });
});
