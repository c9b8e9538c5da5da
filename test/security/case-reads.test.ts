import { describe, expect, it, vi } from 'vitest';
import { API_ROUTE_LIST } from '../../functions/api-routes';
import type { ApiFunctionName } from '../../functions/catalog';
import { deps } from '../../functions/shared/dependencies';
import { hashIdNumber } from '../../domain/identity';
import { receiptFixture, visitOfReceipt } from '../support/receipt-fixtures';
import { claimRequestFor, submitted, useClaimWorkflow, waitForStatus } from '../workflows/support';
import { callRoute, citizenToken, staffToken } from './route-calls';

/**
 * "Who looked at my case" (issue #18): every read of a case by staff is recorded with who, when
 * and why (the route), in one place (the route table's `caseRead` mark, routeHandler); the citizen
 * sees the list; their own reads are not in it; staff outside the case's region can neither read
 * the case nor its list.
 */
const REGION = '330400';

interface Read {
  role: string;
  route: string;
  region?: string;
  actorId?: string;
  who: { zh: string; en: string };
  why: { zh: string; en: string };
}

describe('who looked at my case: GET /claims/{claimId}/access-log', () => {
  const wf = useClaimWorkflow();
  let claimId = '';
  let citizen: Record<string, string>;

  const accessLog = async (token: Record<string, string>) => {
    const answer = await callRoute('GetAccessLog', { token, params: { claimId } });
    return { status: answer.status, reads: (answer.body.reads ?? []) as Read[] };
  };

  it('lists nothing while only the citizen has read their case: their own reads are not recorded', async () => {
    const fixture = receiptFixture('national-rotated-1');
    wf.rt.hospitals.simulator.issue(fixture.ebill);
    const visit = visitOfReceipt(fixture);
    citizen = citizenToken(hashIdNumber(visit.patient.idNumber));
    const upload = await callRoute('UploadReceiptImage', {
      token: citizen,
      body: fixture.png,
      contentType: 'image/png',
    });
    claimId = await submitted({
      ...claimRequestFor(visit),
      receiptImages: [{ imageId: String(upload.body.imageId) }],
    });
    await waitForStatus(wf.rt, claimId, ['PAID', 'IN_REVIEW'], 60_000);
    for (const name of ['GetClaim', 'GetEob', 'GetHistory', 'ListReceipts'] as const)
      expect((await callRoute(name, { token: citizen, params: { claimId } })).status).toBe(200);
    expect(await accessLog(citizen)).toEqual({ status: 200, reads: [] });
  });

  it('records a clerk’s read with who, when and why; the citizen sees it without the clerk’s id', async () => {
    const clerk = staffToken('clerk', 'clerk-r-1', REGION);
    const before = Date.now();
    expect((await callRoute('GetClaim', { token: clerk, params: { claimId } })).status).toBe(200);
    const { status, reads } = await accessLog(citizen);
    expect(status).toBe(200);
    expect(reads).toHaveLength(1);
    const [read] = reads;
    expect(read).toMatchObject({
      role: 'clerk',
      region: REGION,
      route: 'GetClaim',
      who: { zh: '经办人员 1（330400）', en: 'clerk 1 (region 330400)' },
      why: { zh: '查看案件', en: 'viewed the case' },
    });
    expect(read).not.toHaveProperty('actorId');
    expect(JSON.stringify(reads)).not.toContain('clerk-r-1');
    const at = Date.parse((read as unknown as { at: string }).at);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    // Staff of the region see who it was.
    const asStaff = await accessLog(staffToken('supervisor', 'sup-r-1', REGION));
    expect(asStaff.reads[0]?.actorId).toBe('clerk-r-1');
  });

  it('records a read through every route marked as reading a case, by every staff role', async () => {
    const marked = API_ROUTE_LIST.filter((r) => r.caseRead).map((r) => r.functionName as ApiFunctionName);
    expect(marked.sort()).toEqual(
      ['GetClaim', 'GetEob', 'GetFhirEob', 'GetHistory', 'GetReceiptImage', 'ListReceipts'].sort(),
    );
    const admin = staffToken('admin', 'admin-r-1');
    const supervisor = staffToken('supervisor', 'sup-r-2', REGION);
    for (const name of marked) {
      const params: Record<string, string> =
        name === 'GetReceiptImage' ? { claimId, receiptId: 'R1' } : { claimId };
      expect((await callRoute(name, { token: admin, params })).status, name).toBe(200);
    }
    expect((await callRoute('ListReceipts', { token: supervisor, params: { claimId } })).status).toBe(200);
    const { reads } = await accessLog(citizen);
    const byAdmin = reads.filter((r) => r.role === 'admin').map((r) => r.route);
    expect(byAdmin.sort()).toEqual([...marked].sort());
    expect(reads.some((r) => r.role === 'supervisor' && r.route === 'ListReceipts')).toBe(true);
    // The same clerk reading again within the minute adds no line.
    const count = reads.length;
    await callRoute('GetClaim', { token: staffToken('clerk', 'clerk-r-1', REGION), params: { claimId } });
    expect((await accessLog(citizen)).reads).toHaveLength(count);
  });

  it('refuses staff outside the claim’s region the list (404, as for the claim), and records nothing for their refused read', async () => {
    const other = staffToken('clerk', 'clerk-other-1', '330500');
    const before = (await accessLog(citizen)).reads.length;
    expect((await callRoute('GetClaim', { token: other, params: { claimId } })).status).toBe(404);
    expect(await accessLog(other)).toEqual({ status: 404, reads: [] });
    // Another citizen neither.
    expect((await accessLog(citizenToken(hashIdNumber('110101199003070011')))).status).toBe(404);
    const after = (await accessLog(citizen)).reads;
    expect(after).toHaveLength(before);
    expect(JSON.stringify(after)).not.toContain('330500');
  });

  it('does not answer a staff read it cannot record', async () => {
    const record = vi
      .spyOn(deps('claims').caseReads, 'record')
      .mockRejectedValueOnce(new Error('table down'));
    try {
      const answer = await callRoute('GetClaim', {
        token: staffToken('clerk', 'clerk-r-9', REGION),
        params: { claimId },
      }).catch((error: unknown) => ({ status: 500, body: {}, text: String(error) }));
      expect(answer.status).toBe(500);
      // Nothing of the case left: the handler's answer was dropped.
      expect(answer.body).not.toHaveProperty('claimId');
      expect(record).toHaveBeenCalledTimes(1);
    } finally {
      record.mockRestore();
    }
  });
});
