import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../adapters/claim-store';
import { attributeRequestsTo } from '../../../adapters/dynamodb/request-counter';
import { claimRequestFor, finished, submitted, useClaimWorkflow } from '../../workflows/support';

describe('the claim page in one request (case, latest adjudication, payout)', () => {
  const wf = useClaimWorkflow();

  const paidClaim = async () => {
    const visit = wf.rt.hospitals.generator.outpatient();
    wf.rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    expect((await finished(wf.rt, claimId)).status).toBe('SUCCEEDED');
    return claimId;
  };
  /** The requests `read` sent, by operation (on a row of their own: the runtime's drains run meanwhile). */
  const sentBy = async (read: () => Promise<unknown>) => {
    const row = `case-view-test-${Math.random()}`;
    const answer = await attributeRequestsTo(row, read);
    return { answer, sent: wf.rt.dynamo.requests.counts()[row] ?? {} };
  };

  it('reads a paid claim with one TransactGetItems, the same as the three reads it replaces', async () => {
    const { rt } = wf;
    const claimId = await paidClaim();
    const { answer: view, sent } = await sentBy(() => rt.claims.caseView(claimId));
    expect(sent.TransactGetItems).toBe(1);
    expect(sent.GetItem ?? 0).toBe(0);
    expect(sent.Query ?? 0).toBe(0);
    expect(view).toEqual({
      claim: await rt.claims.get(claimId),
      adjudication: await rt.claims.latestAdjudication(claimId),
      payout: await rt.claims.payout(claimId),
    });
  });

  it('a claim adjudicated before the copy existed is read with the ADJ# query instead', async () => {
    const { rt } = wf;
    const claimId = await paidClaim();
    await rt.dynamo.docClient.send(
      new DeleteCommand({ TableName: rt.tableName, Key: keys.latestAdjudication(claimId) }),
    );
    const view = await rt.claims.caseView(claimId);
    expect(view?.adjudication).toEqual(await rt.claims.latestAdjudication(claimId));
    expect(view?.adjudication?.seq).toBeGreaterThanOrEqual(1);
  });

  it('a claim that does not exist is undefined', async () => {
    expect(await wf.rt.claims.caseView('C20260101NOSUCHCLAIM0')).toBeUndefined();
  });
});
