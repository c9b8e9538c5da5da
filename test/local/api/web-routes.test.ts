import { beforeAll, describe, expect, it } from 'vitest';
import { DashboardViewSchema, type DashboardView } from '../../../domain/api/dashboard';
import { ReceiptsViewSchema } from '../../../domain/api/receipts';
import { startApiServer } from '../../../local/api/api-server';
import { inProcessWorld, type LocalWorld } from '../../../local/api/local-world';
import { WEB_DIST_DIR } from '../../../local/api/web-assets';
import { buildWebIfStale } from '../../../web/build-if-stale';
import { receiptFixture, visitOfReceipt } from '../../support/receipt-fixtures';
import { claimRequestFor, useClaimWorkflow, waitForStatus } from '../../workflows/support';
import { useApiServer } from './support';

const REGION = '330400';

describe('HTTP API: what the web pages need — pages at /, local sign-in and stays, dashboard, receipts', () => {
  const wf = useClaimWorkflow();
  // The runtime starts before the server; the world is looked up when a request needs it.
  const world = (): LocalWorld => inProcessWorld(wf.rt.hospitals.simulator, wf.rt.hospitals.generator);
  const api = useApiServer({
    webRoot: WEB_DIST_DIR,
    local: {
      world: {
        hospitals: () => world().hospitals(),
        staysOf: (hash) => world().staysOf(hash),
        makeStay: (patient, request) => world().makeStay(patient, request),
      },
    },
  });

  beforeAll(async () => {
    await buildWebIfStale();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

  describe('the pages', () => {
    it('serves index.html at / with its security policy, and the hashed assets with their types, cached for good', async () => {
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const html = await page.text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
      expect(script && style).toBeTruthy();
      const js = await get(script!);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect((await get(style!)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    });

    it('answers a page path a browser asks for with the app (SPA fallback), but not files, API routes or paths outside the build', async () => {
      const page = await get('/citizen/claims', { accept: 'text/html,application/xhtml+xml' });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect((await get('/nothing-here.js')).status).toBe(404);
      expect((await get('/citizen/claims', { accept: 'application/json' })).status).toBe(404);
      // An API route stays the API's, whatever the browser accepts.
      const claims = await get('/claims', { accept: 'text/html' });
      expect(claims.status).toBe(401);
      for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
        const answer = await get(path);
        expect(answer.status === 404 || (await answer.text()).includes('<div id="root">')).toBe(true);
      }
      expect((await get('/docs')).headers.get('content-type')).toContain('text/html');
      expect((await get('/openapi.json')).status).toBe(200);
    });

    it('has no /local/ endpoints and no pages unless the local runtime asks for them (as on AWS)', async () => {
      const bare = await startApiServer({ signingKey: api.key });
      try {
        const signIn = await fetch(`${bare.url}/local/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'admin', sub: 'x' }),
        });
        expect(signIn.status).toBe(404);
        expect((await fetch(`${bare.url}/`)).status).toBe(404);
        const described = (await (await fetch(`${bare.url}/openapi.json`)).json()) as { paths: object };
        expect(Object.keys(described.paths).some((p) => p.startsWith('/local'))).toBe(false);
      } finally {
        await bare.close();
      }
    });
  });

  describe('local stays', () => {
    it('has no sign-in of its own any more: /local/session is gone (the pages use OpenID Connect)', async () => {
      const answer = await api.call('POST', '/local/session', { body: { role: 'admin', sub: 'x' } });
      expect(answer.status).toBe(404);
    });

    it("lists the hospitals, makes a stay for the signed-in citizen only, and lists a citizen's own stays", async () => {
      const hospitals = await api.call<{ hospitals: { code: string }[] }>('GET', '/local/hospitals');
      expect(hospitals.body.hospitals.length).toBeGreaterThan(5);
      const hospitalCode = hospitals.body.hospitals[0]!.code;
      const patient = wf.rt.hospitals.generator.patient();
      const token = await api.citizenToken(patient.idNumber);

      expect((await api.call('GET', '/local/stays')).status).toBe(401);
      const clerk = await api.mint({ role: 'clerk', sub: 'clerk-01', region: REGION });
      expect((await api.call('GET', '/local/stays', { token: clerk })).status).toBe(403);
      const someoneElse = wf.rt.hospitals.generator.patient();
      const refused = await api.call('POST', '/local/stays', {
        token,
        body: {
          idNumber: someoneElse.idNumber,
          name: someoneElse.name,
          hospitalCode,
          careType: 'outpatient',
        },
      });
      expect(refused.status).toBe(403);

      const made = await api.call<{ visitNo: string; hospitalCode: string; totalAmtFen: number }>(
        'POST',
        '/local/stays',
        {
          token,
          body: { idNumber: patient.idNumber, name: patient.name, hospitalCode, careType: 'inpatient' },
        },
      );
      expect(made.status).toBe(201);
      expect(made.body.hospitalCode).toBe(hospitalCode);
      const stays = await api.call<{ stays: { visitNo: string }[] }>('GET', '/local/stays', { token });
      expect(stays.body.stays.map((s) => s.visitNo)).toEqual([made.body.visitNo]);
      const others = await api.call<{ stays: unknown[] }>('GET', '/local/stays', {
        token: await api.citizenToken(someoneElse.idNumber),
      });
      expect(others.body.stays).toEqual([]);
    });
  });

  describe('GET /dashboard and the receipts of a claim', () => {
    let supervisor: string;
    let claimId: string;
    let citizen: string;
    const fixture = receiptFixture('national-clean-1');

    beforeAll(async () => {
      supervisor = await api.mint({ role: 'supervisor', sub: 'supervisor-01', region: REGION });
      // A claim paid on a receipt photo read by its QR code.
      wf.rt.hospitals.simulator.issue(fixture.ebill);
      citizen = await api.citizenToken(fixture.patient.idNumber);
      const upload = await fetch(`${api.url}/receipt-images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${citizen}`, 'content-type': 'image/png' },
        body: fixture.png,
      });
      expect(upload.status).toBe(201);
      const { imageId } = (await upload.json()) as { imageId: string };
      const request = claimRequestFor(visitOfReceipt(fixture));
      const filed = await api.call<{ claimId: string }>('POST', '/claims', {
        token: citizen,
        body: { ...request, receiptImages: [{ imageId }] },
      });
      expect(filed.status).toBe(202);
      claimId = filed.body.claimId;
      await waitForStatus(wf.rt, claimId, ['PAID'], 30_000);
    });

    it('counts the region’s claims by status and day, payouts, automatic share and submit→paid for its supervisor', async () => {
      const answer = await api.call<DashboardView>('GET', '/dashboard?days=7', { token: supervisor });
      expect(answer.status).toBe(200);
      const board = DashboardViewSchema.parse(answer.body);
      expect(board.region).toBe(REGION);
      expect(board.perDay).toHaveLength(7);
      const payout = await wf.rt.claims.payout(claimId);
      expect(board.byStatus.PAID).toBeGreaterThanOrEqual(1);
      expect(board.total).toBe(Object.values(board.byStatus).reduce((a, b) => a + b, 0));
      expect(board.perDay.reduce((sum, d) => sum + d.submitted, 0)).toBe(board.total);
      expect(board.payouts.totalFen).toBeGreaterThanOrEqual(payout?.amountFen ?? Infinity);
      expect(board.decided.automatic).toBeGreaterThanOrEqual(1);
      expect(board.submitToPaid.count).toBe(board.byStatus.PAID);
      expect(board.submitToPaid.p50Seconds).not.toBeNull();
      expect(board.submitToPaid.p95Seconds!).toBeGreaterThanOrEqual(board.submitToPaid.p50Seconds!);
    });

    it('is for supervisors of the region and admins who name it', async () => {
      expect((await api.call('GET', '/dashboard?region=330500', { token: supervisor })).status).toBe(403);
      const clerk = await api.mint({ role: 'clerk', sub: 'clerk-01', region: REGION });
      expect((await api.call('GET', '/dashboard', { token: clerk })).status).toBe(403);
      expect((await api.call('GET', '/dashboard', { token: citizen })).status).toBe(403);
      const admin = await api.mint({ role: 'admin', sub: 'admin-01' });
      expect((await api.call('GET', '/dashboard', { token: admin })).status).toBe(400);
      const other = await api.call<DashboardView>('GET', '/dashboard?region=330500', { token: admin });
      expect(other.status).toBe(200);
      expect(other.body.total).toBe(0);
    });

    it('shows each receipt as read, field by field with confidence, beside the e-bill, and the image itself', async () => {
      const answer = await api.call('GET', `/claims/${claimId}/receipts`, { token: citizen });
      expect(answer.status).toBe(200);
      const { receipts } = ReceiptsViewSchema.parse(answer.body);
      expect(receipts).toHaveLength(1);
      const [receipt] = receipts;
      expect(receipt).toMatchObject({
        receiptId: 'R1',
        hasImage: true,
        source: 'qr',
        outcome: { kind: 'matched' },
      });
      const total = receipt!.fields.find((f) => f.field === 'totalAmtFen');
      expect(total).toEqual({
        field: 'totalAmtFen',
        value: fixture.ebill.totalAmtFen,
        confidence: 1,
        ebill: fixture.ebill.totalAmtFen,
      });
      expect(receipt!.fields.filter((f) => f.flagged)).toEqual([]);

      const image = await get(`/claims/${claimId}/receipts/R1/image`, { authorization: `Bearer ${citizen}` });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(image.headers.get('cache-control')).toBe('private, no-store');
      expect(Buffer.from(await image.arrayBuffer()).equals(fixture.png)).toBe(true);
      expect((await api.call('GET', `/claims/${claimId}/receipts/R2/image`, { token: citizen })).status).toBe(
        404,
      );
    });

    it('shows receipts only to the claim’s citizen and its region’s staff; anyone else gets 404', async () => {
      const clerk = await api.mint({ role: 'clerk', sub: 'clerk-01', region: REGION });
      expect((await api.call('GET', `/claims/${claimId}/receipts`, { token: clerk })).status).toBe(200);
      expect((await api.call('GET', `/claims/${claimId}/receipts`, { token: supervisor })).status).toBe(200);
      const stranger = await api.citizenToken(wf.rt.hospitals.generator.patient().idNumber);
      const otherClerk = await api.mint({ role: 'clerk', sub: 'clerk-hz', region: '330500' });
      for (const token of [stranger, otherClerk]) {
        expect((await api.call('GET', `/claims/${claimId}/receipts`, { token })).status).toBe(404);
        expect(
          (await get(`/claims/${claimId}/receipts/R1/image`, { authorization: `Bearer ${token}` })).status,
        ).toBe(404);
      }
    });
  });
});
