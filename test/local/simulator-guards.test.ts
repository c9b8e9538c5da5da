import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankSimulator } from '../../local/bank/bank-simulator';
import { startBankServer, type BankServer } from '../../local/bank/server';
import { generateHospitalCatalog } from '../../local/hospitals/catalog';
import { startHospitalServer, type HospitalServer } from '../../local/hospitals/server';
import { HospitalSimulator } from '../../local/hospitals/simulator';
import { generateFakePatient } from '../../local/hospitals/fake-patients';
import { seededRandom } from '../../domain/seeded-random';
import { HomeRegionSimulator } from '../../local/home-region/home-region-simulator';
import { startHomeRegion, type RunningHomeRegion } from '../../local/home-region/start-home-region';
import { rawRequest } from '../support/raw-http';

// What a web page can make a browser send to a loopback port: a rebound name (Host: evil.example)
// and "simple" cross-origin POSTs (text/plain, no Authorization). Neither may change anything.
const catalog = generateHospitalCatalog('guards-test');
const hospitalCode = catalog.hospitals[0]!.code;
const hospitalsSim = new HospitalSimulator(catalog);
const bank = new BankSimulator();
const homeRegionSim = new HomeRegionSimulator();
let hospitals: HospitalServer;
let bankServer: BankServer;
let homeRegion: RunningHomeRegion;

beforeAll(async () => {
  hospitals = await startHospitalServer(hospitalsSim);
  bankServer = await startBankServer(bank);
  homeRegion = await startHomeRegion({ simulator: homeRegionSim });
});
afterAll(async () => {
  await hospitals.close();
  await bankServer.close();
  await homeRegion.close();
});

// A generated fake person: the home region must not learn of them through a refused request.
const insuredPatient = generateFakePatient(seededRandom('guards-test'), 1);
const insuredIdNumber = insuredPatient.idNumber;
const insuredHash = insuredPatient.idNumberHash;

const hospitalFaults = JSON.stringify({ hospitalCode, faults: { failNextN: 3 } });
const bankFaults = JSON.stringify({ failNext: 3 });

describe.each([
  {
    name: 'the hospitals',
    url: () => `${hospitals.url}/admin/faults`,
    token: () => hospitals.adminToken,
    body: hospitalFaults,
    changed: () => JSON.stringify(hospitalsSim.faultsOf(hospitalCode)) !== '{}',
  },
  {
    name: 'the bank',
    url: () => `${bankServer.url}/admin/faults`,
    token: () => bankServer.adminToken,
    body: bankFaults,
    changed: () => bank.faults().failNext !== 0,
  },
  {
    name: 'the home region',
    url: () => `${homeRegion.url}/admin/faults`,
    token: () => homeRegion.adminToken,
    body: JSON.stringify({ down: true }),
    changed: () => homeRegionSim.down,
  },
  {
    name: "the home region (a person's facts)",
    url: () => `${homeRegion.url}/admin/insured`,
    token: () => homeRegion.adminToken,
    body: JSON.stringify({ idNumber: insuredIdNumber, status: 'retired' }),
    changed: () => homeRegionSim.knows(insuredHash),
  },
])('$name: admin endpoints', ({ url, token, body, changed }) => {
  const json = () => ({ 'content-type': 'application/json', authorization: `Bearer ${token()}` });

  it('refuse a request whose Host is another name (DNS rebinding): 421, nothing changes', async () => {
    const answer = await rawRequest(url(), {
      method: 'POST',
      headers: { ...json(), host: 'evil.example' },
      body,
    });
    expect(answer.status).toBe(421);
    expect(changed()).toBe(false);
  });

  it('refuse a text/plain POST (what any page may send without a preflight): 415, nothing changes', async () => {
    const answer = await rawRequest(url(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token()}` },
      body,
    });
    expect(answer.status).toBe(415);
    expect(changed()).toBe(false);
  });

  it('refuse JSON without the admin token, or with another one: 401, nothing changes', async () => {
    for (const authorization of [undefined, 'Bearer not-the-token', `Bearer ${token()}x`]) {
      const answer = await rawRequest(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body,
      });
      expect(answer.status).toBe(401);
    }
    expect(changed()).toBe(false);
  });

  it('do what they are asked with JSON and the token', async () => {
    const answer = await rawRequest(url(), { method: 'POST', headers: json(), body });
    expect(answer.status).toBe(200);
    expect(changed()).toBe(true);
  });
});

describe('the simulators: every request names them', () => {
  it('answer 127.0.0.1 and localhost with their port, and nothing else', async () => {
    const port = new URL(bankServer.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await rawRequest(`${bankServer.url}/ledger`, { headers: { host } })).status).toBe(200);
    }
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1',
      `127.0.0.1:${Number(port) + 1}`,
    ]) {
      expect((await rawRequest(`${bankServer.url}/ledger`, { headers: { host } })).status).toBe(421);
      expect(
        (
          await rawRequest(`${hospitals.url}/hospitals/${hospitalCode}/ebills?visitNo=1&idNumberHash=x`, {
            headers: { host },
          })
        ).status,
      ).toBe(421);
      expect(
        (await rawRequest(`${homeRegion.url}/regions/330400/catalogue`, { headers: { host } })).status,
      ).toBe(421);
    }
  });
});
