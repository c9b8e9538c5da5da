import { describe, expect, it } from 'vitest';
import { EBillIssued, hospitalSource } from '../../events/ebill-events';
import { loadHandler } from '../../local/claim-workflow';
import { createLambdaContext } from '../../local/stepfunctions/lambda-context';
import { claimRequestFor, submitClaim, tableSnapshot, useClaimWorkflow } from './support';

const context = (name: string) =>
  createLambdaContext({
    functionArn: `arn:aws-cn:lambda:cn-north-1:000000000000:function:crossclaim-${name}`,
    functionName: `crossclaim-${name}`,
    deadline: undefined,
  });

function envelope(detailType: string, source: string, detail: unknown) {
  return {
    version: '0',
    id: 'e8a3c1f0-0000-4000-8000-000000000001',
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'cn-north-1',
    resources: [],
    detail,
  };
}

describe('bad input is refused at the edge and changes nothing', () => {
  const wf = useClaimWorkflow();

  it('a claim body with a bad ID number and a missing consent: 400 naming both fields, nothing stored', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    const body = claimRequestFor(visit) as unknown as Record<string, unknown> & {
      insured: Record<string, unknown>;
    };
    body.insured.idNumber = '330402199001011234'; // wrong check digit
    delete body.consent;
    const before = await tableSnapshot(rt);
    const response = await submitClaim(body);
    expect(response.statusCode).toBe(400);
    expect(response.body.issues?.map((i) => i.path)).toEqual(['insured.idNumber', 'consent']);
    expect(await tableSnapshot(rt)).toEqual(before);
  });

  it('a body that is not JSON: 400, nothing stored', async () => {
    const { rt } = wf;
    const before = await tableSnapshot(rt);
    const response = await submitClaim('{"insured": ');
    expect(response.statusCode).toBe(400);
    expect(response.body.issues).toEqual([{ path: '', message: 'must be a JSON document' }]);
    expect(await tableSnapshot(rt)).toEqual(before);
  });

  it('an EBill.Issued event with a broken bill: refused naming the field, nothing stored', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    const detail = EBillIssued.event({ ebill: visit.bill }).detail;
    const broken = { ...detail, ebill: { ...detail.ebill, totalAmtFen: -5 } };
    const ingest = await loadHandler('IngestEBill');
    const before = await tableSnapshot(rt);
    const outcome = (await ingest(
      envelope('EBill.Issued', hospitalSource(visit.hospitalCode), broken),
      context('IngestEBill'),
    )) as {
      accepted: boolean;
      reason: string;
    };
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toContain('detail.ebill.totalAmtFen');
    expect(await tableSnapshot(rt)).toEqual(before);
  });

  it('a forged e-bill (signature not the hospital’s) is refused, never stored as valid', async () => {
    const { rt } = wf;
    const visit = rt.hospitals.generator.outpatient();
    const forged = { ...visit.bill, totalAmtFen: visit.bill.totalAmtFen, ownPayFen: visit.bill.ownPayFen };
    forged.listDetail = visit.bill.listDetail.map((l, i) =>
      i === 0 ? { ...l, name: `${l.name}（改）` } : l,
    );
    const ingest = await loadHandler('IngestEBill');
    const before = await tableSnapshot(rt);
    const outcome = (await ingest(
      envelope(
        'EBill.Issued',
        hospitalSource(visit.hospitalCode),
        EBillIssued.event({ ebill: forged }).detail,
      ),
      context('IngestEBill'),
    )) as { accepted: boolean; reason: string };
    expect(outcome).toEqual({ accepted: false, reason: 'signature: bad_signature' });
    expect(await tableSnapshot(rt)).toEqual(before);
  });

  it('a step given a bad input fails in the parser naming the field, before it reads or writes anything', async () => {
    const { rt } = wf;
    const step = await loadHandler('CheckEligibility');
    const before = await tableSnapshot(rt);
    await expect(step({ claimId: 'not-a-claim' }, context('CheckEligibility'))).rejects.toThrow(
      'crossclaim-CheckEligibility input: claimId: must be a crossclaim claim id',
    );
    expect(await tableSnapshot(rt)).toEqual(before);
  });
});
