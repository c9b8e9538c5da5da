import { PayoutReportOutbox } from '../../../adapters/home-region/payout-report-outbox';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClaimStore } from '../../../adapters/claim-store';
import { identityKeyPath, loadIdentityKeyFile } from '../../../adapters/identity-key';
import { createDynamoDbClients } from '../../../adapters/dynamodb/clients';
import type { ClaimCase } from '../../../domain/claim';
import { QUEUE_STATUSES, TERMINAL_STATUSES } from '../../../domain/claim-status';
import { openLocalSigningKey, type LocalSigningKey } from '../../../local/api/jwt-keys';
import { EVENT_BUS_NAME } from '../../../local/crossclaim-services';
import { findFreePort } from '../../../local/dynamodb/free-port';
import { startChild, type RunningChild } from '../../../local/processes/child-process';
import {
  CROSSCLAIM_CONFIG_ENV,
  CROSSCLAIM_ENTRY,
  CROSSCLAIM_READY,
  type CrossclaimProcessConfig,
} from '../../../local/processes/process-configs';
import { startWorld, type World } from '../../../local/world/world';
import type { VisitView } from '../../../local/world/world';
import { claimRequestForVisit } from '../../../local/hospitals/claim-request';

const CLAIMS = 30;
const FINAL = ['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'] as const;

describe('durability: crossclaim killed with SIGKILL mid-batch and started again', () => {
  const tableName = `crossclaim-kill-${randomBytes(4).toString('hex')}`;
  let dataDir: string;
  let world: World;
  let signingKey: LocalSigningKey;
  let config: CrossclaimProcessConfig;
  let child: RunningChild | undefined;
  const dynamo = createDynamoDbClients({ endpoint: inject('dynamoEndpoint'), region: 'cn-north-1' });
  const claims = new ClaimStore(dynamo.docClient, tableName);

  const startCrossclaim = () =>
    startChild({
      entry: CROSSCLAIM_ENTRY,
      label: 'crossclaim',
      readyTag: CROSSCLAIM_READY,
      env: { [CROSSCLAIM_CONFIG_ENV]: JSON.stringify(config) },
      output: () => undefined,
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'crossclaim-kill-'));
    const ports = { api: await findFreePort(), sfn: await findFreePort(), events: await findFreePort() };
    // The world hashes its patients with the identity key the crossclaim process will load, as world-main does.
    await loadIdentityKeyFile(identityKeyPath(dataDir));
    world = await startWorld({
      dataDir: join(dataDir, 'world'),
      seed: 'kill-test',
      eventsUrl: `http://127.0.0.1:${ports.events}`,
      eventBusName: EVENT_BUS_NAME,
      region: 'cn-north-1',
    });
    // The crossclaim process requires its OpenID provider's issuer of every token.
    signingKey = await openLocalSigningKey(dataDir, { issuer: `http://127.0.0.1:${ports.api}/oidc` });
    config = {
      dataDir,
      dynamoEndpoint: inject('dynamoEndpoint'),
      tableName,
      seed: 'kill-test',
      hospitalsUrl: world.hospitalsUrl,
      bankUrl: world.bankUrl,
      homeRegionUrl: world.homeRegionUrl,
      ports,
      // Retries and waits a hundred times faster; the process is real in every other way.
      timeScale: 0.01,
      logLevel: 'ERROR',
    };
  });
  afterAll(async () => {
    await child?.stop();
    await world.close();
    dynamo.client.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function addVisits(body: object): Promise<VisitView[]> {
    const response = await fetch(`${world.hospitalsUrl}/admin/visits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${world.adminToken}` },
      body: JSON.stringify(body),
    });
    return ((await response.json()) as { visits: VisitView[] }).visits;
  }

  async function submit(apiUrl: string, visit: VisitView): Promise<string> {
    const token = await signingKey.mintToken({
      role: 'citizen',
      sub: visit.patient.idNumberHash,
      ttlSeconds: 600,
    });
    const response = await fetch(`${apiUrl}/claims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        claimRequestForVisit(visit, {
          payout: { bankAccount: '6222000000000000042', accountName: visit.patient.name },
        }),
      ),
    });
    const body = (await response.json()) as { claimId?: string };
    if (response.status !== 202 || !body.claimId)
      throw new Error(`submit failed: ${response.status} ${JSON.stringify(body)}`);
    return body.claimId;
  }

  async function settle(claimIds: string[], timeoutMs: number): Promise<ClaimCase[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cases = await Promise.all(claimIds.map((id) => claims.get(id)));
      if (cases.every((c) => (FINAL as readonly string[]).includes(c.status)) || Date.now() > deadline)
        return cases;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it(
    'every claim ends terminal or in the clerk queue, with no double payout',
    { timeout: 180_000 },
    async () => {
      child = await startCrossclaim();
      const apiUrl = String(child.ready.apiUrl);
      const now = await addVisits({ count: CLAIMS - 6, timing: 'now' });
      const later = await addVisits({ count: 6, careType: 'outpatient', timing: 'later' });
      const claimIds = await Promise.all([...now, ...later].map((visit) => submit(apiUrl, visit)));

      // Mid-batch: some claims paid, some between steps, some waiting for their e-bill.
      child.process.kill('SIGKILL');
      await child.exited;
      const atKill = await Promise.all(claimIds.map((id) => claims.get(id)));
      expect(atKill.some((c) => !TERMINAL_STATUSES.has(c.status))).toBe(true);

      child = await startCrossclaim();
      expect(Number(child.ready.redriven)).toBeGreaterThan(0);
      await fetch(`${world.hospitalsUrl}/admin/issue-pending`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${world.adminToken}` },
        body: '{}',
      });

      const finals = await settle(claimIds, 120_000);
      for (const claim of finals) {
        expect(
          TERMINAL_STATUSES.has(claim.status) || QUEUE_STATUSES.has(claim.status),
          `${claim.claimId} ${claim.status}`,
        ).toBe(true);
      }
      const ledger = world.bank.ledger();
      for (const claim of finals) {
        const payout = await claims.payout(claim.claimId);
        const transfers = ledger.filter((t) => t.idempotencyKey === claim.claimId);
        if (claim.status === 'PAID' && payout && payout.amountFen > 0) {
          expect(transfers.map((t) => t.amountFen)).toEqual([payout.amountFen]);
        } else {
          expect(transfers).toEqual([]);
        }
      }
      expect(finals.filter((c) => c.status === 'PAID').length).toBeGreaterThan(CLAIMS / 2);

      // Every payout reaches the home region exactly once, across the kill: the outbox drains
      // (at the restart and periodically), and the home region counts each key once.
      const outbox = new PayoutReportOutbox(dynamo.docClient, tableName);
      const drainedBy = Date.now() + 30_000;
      while ((await outbox.pending()).length > 0 && Date.now() < drainedBy)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await outbox.pending()).toEqual([]);
      for (const claim of finals) {
        const payout = await claims.payout(claim.claimId);
        const reported = world.homeRegion
          .settlementsOf(claim.insured.idNumberHash)
          .filter((s) => s.key === claim.claimId);
        expect(
          reported.map((s) => s.fundPaidFen),
          claim.claimId,
        ).toEqual(payout ? [payout.amountFen] : []);
        if (payout) {
          const record = world.homeRegion.record(claim.insured.idNumberHash, payout.year);
          expect(record.yearToDate.fundPaidFen[payout.careType]).toBe(payout.amountFen);
        }
      }
    },
  );
});
