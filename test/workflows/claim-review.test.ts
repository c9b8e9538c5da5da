import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../domain/policy';
import { PolicyRegistry } from '../../domain/policy-registry';
import { setDependencies } from '../../functions/shared/dependencies';
import { jiaxingPolicy } from '../support/fixtures';
import { claimRequestFor, finished, submitted, useClaimWorkflow, waitForStatus } from './support';

describe('claim workflow: above the review threshold, a clerk decides', () => {
  const wf = useClaimWorkflow();
  let sfnClient: SFNClient;

  beforeAll(() => {
    // The policy's own data says when a clerk must look: here, any benefit above 100.00 yuan.
    const base = jiaxingPolicy().source;
    setDependencies({
      policies: new PolicyRegistry([compilePolicy({ ...base, review: { benefitAboveFen: 10_000 } })]),
    });
    // The clerk's decision goes through the real SFN API, as the clerk API handler's will.
    sfnClient = new SFNClient({
      endpoint: wf.rt.sfnUrl,
      region: wf.rt.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  async function claimInReview() {
    const { rt } = wf;
    const visit = rt.hospitals.generator.inpatient();
    rt.hospitals.simulator.addVisit(visit);
    const claimId = await submitted(claimRequestFor(visit));
    const claim = await waitForStatus(rt, claimId, ['IN_REVIEW']);
    return { claimId, claim };
  }

  it('stops in ClerkReview with the reason, and an approval through SendTaskSuccess pays it', async () => {
    const { rt } = wf;
    const { claimId, claim } = await claimInReview();
    expect(claim.reasons?.map((r) => r.code)).toEqual(['AMOUNT_ABOVE_REVIEW_THRESHOLD']);
    expect(await rt.claims.payout(claimId)).toBeUndefined();
    expect((await rt.claims.queue('330400', 'IN_REVIEW')).map((c) => c.claimId)).toContain(claimId);

    await sfnClient.send(
      new SendTaskSuccessCommand({
        taskToken: claim.taskToken!,
        output: JSON.stringify({ decision: 'approve' }),
      }),
    );
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('PAID');
    expect((await rt.claims.payout(claimId))?.amountFen).toBe(
      (await rt.claims.latestAdjudication(claimId))?.result.benefitFen,
    );
    expect((await rt.claims.queue('330400', 'IN_REVIEW')).map((c) => c.claimId)).not.toContain(claimId);
  });

  it('a rejection through SendTaskSuccess ends it REJECTED, unpaid', async () => {
    const { rt } = wf;
    const { claimId, claim } = await claimInReview();
    await sfnClient.send(
      new SendTaskSuccessCommand({
        taskToken: claim.taskToken!,
        output: JSON.stringify({ decision: 'reject' }),
      }),
    );
    expect((await finished(rt, claimId)).status).toBe('SUCCEEDED');
    expect((await rt.claims.get(claimId)).status).toBe('REJECTED');
    expect(await rt.claims.payout(claimId)).toBeUndefined();
  });
});
