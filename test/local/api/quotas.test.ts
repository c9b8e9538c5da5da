import { describe, expect, it } from 'vitest';
import { AbuseLimitsSchema } from '../../../domain/abuse-limits';
import { setDependencies } from '../../../functions/shared/dependencies';
import abuseLimitsFile from '../../../policies/limits/abuse-limits.json' with { type: 'json' };
import { receiptFixture } from '../../support/receipt-fixtures';
import { claimRequestFor, finished, tableSnapshot, useClaimWorkflow } from '../../workflows/support';
import { useApiServer } from './support';
import type { LocalRuntime } from '../../../local/runtime';

/** Small limits so the test is quick; the file's own are checked below. */
const LIMITS = { perCitizenPerDay: { claims: 2, receiptImages: 3 } };

describe('abuse limits: per-citizen daily quotas on claims and receipt uploads, through the API', () => {
  const wf = useClaimWorkflow({ abuseLimits: LIMITS });
  const api = useApiServer();
  const png = receiptFixture('national-clean-1').png;

  const fileFor = async (token: string, patient: ReturnType<typeof wf.rt.hospitals.generator.patient>) => {
    const visit = wf.rt.hospitals.generator.inpatient({ patient });
    wf.rt.hospitals.simulator.addVisit(visit);
    return api.call('POST', '/claims', { token, body: claimRequestFor(visit) });
  };
  /** The raw bytes as the body, as the web page sends them. */
  const upload = async (token: string, body: Buffer | string = png) => {
    const response = await fetch(`${api.url}/receipt-images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('the limits are data: policies/limits/abuse-limits.json parses', () => {
    const fromFile = AbuseLimitsSchema.parse(abuseLimitsFile);
    expect(fromFile.perCitizenPerDay.claims).toBeGreaterThan(0);
    expect(fromFile.perCitizenPerDay.receiptImages).toBeGreaterThan(0);
  });

  it('a citizen past the daily claim quota gets 429 in both languages and nothing is stored; others and tomorrow are not affected', async () => {
    const { rt } = wf;
    const patient = rt.hospitals.generator.patient();
    const citizen = await api.citizenToken(patient.idNumber);
    const filed = [];
    for (let i = 0; i < 2; i++) {
      const answer = await fileFor(citizen, patient);
      expect(answer.status).toBe(202);
      filed.push(String(answer.body.claimId));
    }
    for (const claimId of filed) await finished(rt, claimId);
    // The third visit's hospital pushes its e-bill when the visit is added: let that land first,
    // so the dump before and after differs only by what the refused request would have stored.
    const thirdVisit = rt.hospitals.generator.inpatient({ patient });
    rt.hospitals.simulator.addVisit(thirdVisit);
    const before = await settledSnapshot(rt, `VISIT#${thirdVisit.hospitalCode}#${thirdVisit.visitNo}`);

    const third = await api.call('POST', '/claims', { token: citizen, body: claimRequestFor(thirdVisit) });
    expect(third.status).toBe(429);
    expect(third.body.error).toBe('quota_exceeded');
    const message = String(third.body.message);
    expect(message).toMatch(/^今日提交报销申请已达上限（2 次）/);
    expect(message).toContain('Daily limit reached: 2 claims filed per day');
    expect(await tableSnapshot(rt)).toEqual(before);

    // Another citizen files as usual.
    const otherPatient = rt.hospitals.generator.patient();
    const theirs = await fileFor(await api.citizenToken(otherPatient.idNumber), otherPatient);
    expect(theirs.status).toBe(202);
    await finished(rt, String(theirs.body.claimId));

    // The next day (China time) the quota is fresh.
    setDependencies({ now: () => new Date(Date.now() + 86_400_000) });
    try {
      const tomorrow = await fileFor(citizen, patient);
      expect(tomorrow.status).toBe(202);
      await finished(rt, String(tomorrow.body.claimId));
    } finally {
      setDependencies({ now: () => new Date() });
    }
  });

  it('a repeat of a filed request (same Idempotency-Key) answers with its claim even when the quota is used up', async () => {
    const { rt } = wf;
    const patient = rt.hospitals.generator.patient();
    const citizen = await api.citizenToken(patient.idNumber);
    const visit = rt.hospitals.generator.inpatient({ patient });
    rt.hospitals.simulator.addVisit(visit);
    const headers = { 'idempotency-key': 'quota-repeat-0001' };
    const body = claimRequestFor(visit);
    const first = await api.call('POST', '/claims', { token: citizen, body, headers });
    expect(first.status).toBe(202);
    const second = await fileFor(citizen, patient); // the quota of 2 is used up now
    expect(second.status).toBe(202);
    // The repeat's transaction fails on its key and on the quota: the key answers, not a 429.
    const repeat = await api.call('POST', '/claims', { token: citizen, body, headers });
    expect(repeat.status, JSON.stringify(repeat.body)).toBe(202);
    expect(repeat.body.claimId).toBe(first.body.claimId);
    for (const claimId of [first.body.claimId, second.body.claimId]) await finished(rt, String(claimId));
  });

  it('uploads: concurrent requests cannot pass the limit together; a refused image costs nothing', async () => {
    const citizen = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
    // Not an image: refused before the quota is counted.
    expect((await upload(citizen, 'not an image at all')).status).toBe(415);
    const answers = await Promise.all(Array.from({ length: 6 }, () => upload(citizen)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error).toBe('quota_exceeded');
    expect(String(refused.body.message)).toMatch(/^今日上传票据图片已达上限（3 次）.* Daily limit reached/);
  });
});

/** The table once the visit's pushed e-bill is in it (or, if it is not pushed, once it stops changing). */
async function settledSnapshot(rt: LocalRuntime, visitKey: string): Promise<string[]> {
  let last = await tableSnapshot(rt);
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await tableSnapshot(rt);
    if (now.some((item) => item.includes(visitKey)) && now.join() === last.join()) return now;
    last = now;
  }
  return last;
}
