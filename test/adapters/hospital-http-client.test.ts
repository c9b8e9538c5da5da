import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HospitalUnavailableError, type HospitalClient } from '../../adapters/hospital-client';
import { HospitalNotConfiguredError, createHospitalHttpClient } from '../../adapters/hospital-http-client';
import { verifyEBillSignature } from '../../domain/ebill-signature';
import { createBillGenerator, type GeneratedVisit } from '../../local/hospitals/bill-generator';
import { generateHospitalCatalog, keyRegistryFor } from '../../local/hospitals/catalog';
import type { HospitalFaults } from '../../local/hospitals/faults';
import { startHospitalServer, type HospitalServer } from '../../local/hospitals/server';
import { HospitalSimulator } from '../../local/hospitals/simulator';

const catalog = generateHospitalCatalog('http-client-test');
const registry = keyRegistryFor(catalog);
const [first, second] = catalog.hospitals.map((h) => h.code) as [string, string];
const generator = createBillGenerator(catalog, 'http-client-test');
const simulator = new HospitalSimulator(catalog);

const issuedVisit: GeneratedVisit = generator.inpatient({ hospitalCode: first });
const laterVisit: GeneratedVisit = generator.inpatient({ hospitalCode: first });
const outpatientVisit: GeneratedVisit = generator.outpatient({ hospitalCode: second });
const queryOf = (v: GeneratedVisit) => ({ visitNo: v.visitNo, idNumberHash: v.patient.idNumberHash });

let server: HospitalServer;
let client: HospitalClient;
const CLIENT_TIMEOUT_MS = 300;

beforeAll(async () => {
  simulator.addVisit(issuedVisit);
  simulator.addVisit(laterVisit, 'later');
  simulator.addVisit(outpatientVisit);
  server = await startHospitalServer(simulator);
  client = createHospitalHttpClient({ baseUrl: server.url, timeoutMs: CLIENT_TIMEOUT_MS });
});
afterAll(() => server.close());
beforeEach(() => simulator.clearFaults());

/** The error a call fails with; fails the test if it does not fail. */
async function failureOf(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail');
  return outcome;
}

async function postAdmin(path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify(body ?? {}),
  });
}

describe('hospital HTTP client against the simulator: answers', () => {
  it('fetches the issued bills of a visit, parsed and verifiable', async () => {
    const result = await client.fetchEBills(first, queryOf(issuedVisit));
    expect(result).toEqual({ status: 'issued', bills: [issuedVisit.bill] });
    if (result.status !== 'issued') throw new Error('issued expected');
    expect(verifyEBillSignature(result.bills[0] ?? issuedVisit.bill, registry)).toEqual({ ok: true });
  });

  it('answers not_issued for a bill the hospital has not issued yet, then the bill once it is', async () => {
    expect(await client.fetchEBills(first, queryOf(laterVisit))).toEqual({ status: 'not_issued' });
    const response = await postAdmin('issue-pending');
    expect(await response.json()).toEqual({ issued: 1 });
    expect(await client.fetchEBills(first, queryOf(laterVisit))).toEqual({
      status: 'issued',
      bills: [laterVisit.bill],
    });
  });

  it('fetches one bill by batch code and number, and null for a bill that does not exist', async () => {
    const { billBatchCode, billNo } = outpatientVisit.bill;
    expect(await client.fetchEBill(second, billBatchCode, billNo)).toEqual(outpatientVisit.bill);
    expect(await client.fetchEBill(second, billBatchCode, '0000000001')).toBeNull();
    expect(await client.fetchEBill(first, billBatchCode, billNo)).toBeNull(); // another hospital's bill
  });

  it('fetches the discharge summary of a stay, and null for a visit without one', async () => {
    expect(await client.fetchDischargeSummary(first, issuedVisit.visitNo)).toEqual(
      issuedVisit.dischargeSummary,
    );
    expect(await client.fetchDischargeSummary(second, outpatientVisit.visitNo)).toBeNull();
  });

  it('takes one base URL per hospital, and refuses a hospital it has none for', async () => {
    const perHospital = createHospitalHttpClient({ baseUrl: { [second]: `${server.url}/` } });
    expect(await perHospital.fetchEBills(second, queryOf(outpatientVisit))).toMatchObject({
      status: 'issued',
    });
    await expect(perHospital.fetchEBills(first, queryOf(issuedVisit))).rejects.toThrow(
      HospitalNotConfiguredError,
    );
  });
});

describe('hospital HTTP client against the simulator: faults are HospitalUnavailableError', () => {
  /** Switches the faults through the admin endpoint, as an operator or an e2e test would. */
  async function switchFaults(hospitalCode: string, faults: HospitalFaults): Promise<void> {
    const response = await postAdmin('faults', { hospitalCode, faults });
    expect(response.status).toBe(200);
  }

  async function expectUnavailable(call: Promise<unknown>, cause: RegExp): Promise<void> {
    const error = await failureOf(call);
    expect(error).toBeInstanceOf(HospitalUnavailableError);
    expect(error.name).toBe('HospitalUnavailable');
    expect(error.message).toContain(first);
    expect(error.message).toMatch(cause);
    expect(error.message).not.toContain(issuedVisit.patient.idNumberHash);
    expect(error.message).not.toContain(issuedVisit.patient.idNumberHash.slice('sha256:'.length));
  }

  it('times out on a hospital that never answers', async () => {
    await switchFaults(first, { timeout: true });
    const started = Date.now();
    await expectUnavailable(client.fetchEBills(first, queryOf(issuedVisit)), /no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(CLIENT_TIMEOUT_MS + 1000);
  });

  it('times out on a hospital slower than the client waits, and gets the answer when it waits long enough', async () => {
    await switchFaults(first, { slowMs: CLIENT_TIMEOUT_MS + 300 });
    await expectUnavailable(client.fetchEBills(first, queryOf(issuedVisit)), /no answer within/);
    await switchFaults(first, { slowMs: 50 });
    expect(await client.fetchEBills(first, queryOf(issuedVisit))).toMatchObject({ status: 'issued' });
  });

  it('fails on 5xx, for lists, single bills and summaries alike', async () => {
    await switchFaults(first, { http5xx: 502 });
    const { billBatchCode, billNo } = issuedVisit.bill;
    await expectUnavailable(client.fetchEBills(first, queryOf(issuedVisit)), /HTTP 502/);
    await expectUnavailable(client.fetchEBill(first, billBatchCode, billNo), /HTTP 502/);
    await expectUnavailable(client.fetchDischargeSummary(first, issuedVisit.visitNo), /HTTP 502/);
  });

  it('fails on a body that is not JSON', async () => {
    await switchFaults(first, { malformed: 'truncated-json' });
    await expectUnavailable(client.fetchEBills(first, queryOf(issuedVisit)), /not JSON/);
  });

  it('fails on JSON that breaks the e-bill schema, naming the field', async () => {
    await switchFaults(first, { malformed: 'schema-violation' });
    const { billBatchCode, billNo } = issuedVisit.bill;
    await expectUnavailable(
      client.fetchEBills(first, queryOf(issuedVisit)),
      /malformed e-bill list: bills\[0\]\.totalAmtFen: must be a number of fen/,
    );
    await expectUnavailable(client.fetchEBill(first, billBatchCode, billNo), /malformed e-bill: totalAmtFen/);
    await expectUnavailable(
      client.fetchDischargeSummary(first, issuedVisit.visitNo),
      /malformed discharge summary/,
    );
  });

  it('fails the next N requests with failNextN, then answers: what a retry gets through', async () => {
    await switchFaults(first, { failNextN: 2 });
    await expectUnavailable(client.fetchEBills(first, queryOf(issuedVisit)), /HTTP 503/);
    await expectUnavailable(client.fetchEBills(first, queryOf(issuedVisit)), /HTTP 503/);
    expect(await client.fetchEBills(first, queryOf(issuedVisit))).toMatchObject({ status: 'issued' });
  });

  it('fails for a hospital the endpoint does not know', async () => {
    const error = await failureOf(client.fetchEBill('H99999999999', '33060126', '0000000001'));
    expect(error).toBeInstanceOf(HospitalUnavailableError);
    expect(error.message).toMatch(/H99999999999.*does not know this hospital/);
  });

  it('fails when the connection is refused', async () => {
    const gone = await startHospitalServer(simulator);
    await gone.close();
    const refused = createHospitalHttpClient({ baseUrl: gone.url, timeoutMs: CLIENT_TIMEOUT_MS });
    await expectUnavailable(refused.fetchEBills(first, queryOf(issuedVisit)), /connection refused/);
  });

  it('keeps faults to the hospital they were switched on for', async () => {
    await switchFaults(first, { http5xx: true });
    expect(await client.fetchEBills(second, queryOf(outpatientVisit))).toMatchObject({ status: 'issued' });
  });
});

describe('hospital HTTP client against the simulator: bad signatures', () => {
  it('passes badly signed bills on, parsed, for verification to refuse', async () => {
    simulator.setFaults(first, { badSignature: true });
    const result = await client.fetchEBills(first, queryOf(issuedVisit));
    if (result.status !== 'issued') throw new Error('issued expected');
    const [bill] = result.bills;
    expect(bill?.signature.keyId).toBe(issuedVisit.bill.signature.keyId);
    expect(verifyEBillSignature(bill ?? issuedVisit.bill, registry)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });

    const { billBatchCode, billNo } = issuedVisit.bill;
    const single = await client.fetchEBill(first, billBatchCode, billNo);
    expect(verifyEBillSignature(single ?? issuedVisit.bill, registry)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('hospital simulator server: admin endpoint', () => {
  it('refuses faults it does not understand and hospitals it does not know', async () => {
    expect((await postAdmin('faults', { hospitalCode: first, faults: { http5xx: 404 } })).status).toBe(400);
    expect((await postAdmin('faults', { hospitalCode: first, faults: { explode: true } })).status).toBe(400);
    expect((await postAdmin('faults', { hospitalCode: 'H99999999999', faults: {} })).status).toBe(404);
    expect(simulator.faultsOf(first)).toEqual({});
  });

  it('answers with the faults now in force, and {} clears them', async () => {
    const response = await postAdmin('faults', { hospitalCode: first, faults: { slowMs: 10, failNextN: 1 } });
    expect(await response.json()).toEqual({ hospitalCode: first, faults: { slowMs: 10, failNextN: 1 } });
    await postAdmin('faults', { hospitalCode: first, faults: {} });
    expect(simulator.faultsOf(first)).toEqual({});
  });
});
