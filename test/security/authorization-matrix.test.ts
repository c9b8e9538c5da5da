import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/api-routes';
import { PARTIES, ROUTE_ACCESS, type Party } from '../../functions/api-route-access';
import type { ApiFunctionName } from '../../functions/catalog';
import { hashIdNumber } from '../../domain/identity';
import { receiptFixture, visitOfReceipt } from '../support/receipt-fixtures';
import { claimRequestFor, submitted, useClaimWorkflow, waitForStatus } from '../workflows/support';
import { callRoute, citizenToken, hospitalToken, staffToken, type RouteCall } from './route-calls';

/**
 * The authorization matrix: every route of the route table called as every party, against one
 * paid claim of citizen A with an uploaded receipt image; the status each gets must be the one
 * functions/api-route-access.ts writes down. Handlers are called in-process with the event the
 * HTTP API gives them (a route without a token never reaches its handler: 401).
 */
const REGION = '330400';

describe('authorization matrix: every route × every party', () => {
  const wf = useClaimWorkflow();

  it('has a row for every route of the route table, and no row for a route that does not exist', () => {
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual(Object.keys(API_ROUTES).sort());
  });

  it('answers every party with the status written down for it', async () => {
    const { rt } = wf;
    const fixture = receiptFixture('national-rotated-1');
    rt.hospitals.simulator.issue(fixture.ebill);
    const visit = visitOfReceipt(fixture);
    const hospital = fixture.ebill.hospital.code;
    const otherHospital = rt.hospitals.catalog.hospitals.find((h) => h.code !== hospital)?.code ?? '';
    const citizenA = citizenToken(hashIdNumber(visit.patient.idNumber));
    const upload = await callRoute('UploadReceiptImage', {
      token: citizenA,
      body: fixture.png,
      contentType: 'image/png',
    });
    const claimId = await submitted({
      ...claimRequestFor(visit),
      receiptImages: [{ imageId: String(upload.body.imageId) }],
    });
    const decided = await waitForStatus(rt, claimId, ['PAID', 'IN_REVIEW'], 60_000);
    if (decided.status === 'IN_REVIEW') {
      // A large stay waits for a clerk first: approve it, so the matrix runs against a paid claim.
      await expect.poll(async () => Boolean((await rt.claims.get(claimId)).taskToken)).toBe(true);
      const approved = await callRoute('DecideClaim', {
        token: staffToken('clerk', 'clerk-m-0', REGION),
        params: { claimId },
        body: { decision: 'approve' },
      });
      expect(approved.status).toBe(202);
      await waitForStatus(rt, claimId, ['PAID'], 60_000);
    }

    const tokens: Record<Party, RouteCall['token']> = {
      anonymous: undefined,
      citizenA,
      citizenB: citizenToken(hashIdNumber(rt.hospitals.generator.patient().idNumber)),
      clerkOfRegion: staffToken('clerk', 'clerk-m-1', REGION),
      clerkOfOtherRegion: staffToken('clerk', 'clerk-m-2', '330500'),
      supervisor: staffToken('supervisor', 'sup-m-1', REGION),
      admin: staffToken('admin', 'admin-m-1'),
      hospital: hospitalToken(hospital),
      otherHospital: hospitalToken(otherHospital),
      agent: staffToken('agent', 'agent-m-1', '310100'),
    };
    // A delegation of citizen A's own, for the revocation row.
    const delegation = await callRoute('RecordDelegation', { token: citizenA, body: { kind: 'agent' } });
    expect(delegation.status).toBe(201);
    const claim = { claimId };
    const requests: Record<ApiFunctionName, Omit<RouteCall, 'token'>> = {
      SubmitClaim: { body: claimRequestFor(visit) },
      ListClaims: {},
      GetClaim: { params: claim },
      ReviewQueue: {},
      DecideClaim: { params: claim, body: { decision: 'approve' } },
      HospitalPostEBill: { params: { hospitalCode: hospital }, body: fixture.ebill },
      UploadReceiptImage: { body: fixture.png, contentType: 'image/png' },
      GetEob: { params: claim },
      GetFhirEob: { params: claim },
      GetHistory: { params: claim },
      RateClaim: {
        params: claim,
        body: {
          level: 'very_satisfied',
          subScores: { efficiency: 'very_satisfied', attitude: 'satisfied', outcome: 'very_satisfied' },
        },
      },
      ListRatings: {},
      ListNotifications: {},
      Dashboard: {},
      ListReceipts: { params: claim },
      GetReceiptImage: { params: { claimId, receiptId: 'R1' } },
      AssignClaim: { params: claim },
      ReleaseClaim: { params: claim },
      CheckDecision: { params: claim, body: { verdict: 'confirm' } },
      AnswerInformation: { params: claim, body: { answer: '补充说明' } },
      FileAppeal: { params: claim, body: { reason: '金额有误' } },
      ListEscalations: {},
      GetEligibility: { query: { homeRegion: REGION } },
      GetRating: { params: claim },
      AnswerFollowUp: { params: claim, body: { answer: '已回访核实' } },
      ListFollowUps: {},
      GetAccessLog: { params: claim },
      ListVisits: { query: { homeRegion: REGION } },
      RecordDelegation: {
        body: {
          kind: 'family',
          delegate: { idNumber: rt.hospitals.generator.patient().idNumber, name: '测试家属' },
          relationship: 'child',
        },
      },
      ListDelegations: {},
      RevokeDelegation: { params: { delegationId: String(delegation.body.delegationId) } },
    };
    const got: Record<string, Record<Party, number>> = {};
    for (const name of Object.keys(API_ROUTES) as ApiFunctionName[]) {
      got[name] = {} as Record<Party, number>;
      for (const party of PARTIES) {
        const answer = await callRoute(name, { ...requests[name], token: tokens[party] });
        got[name][party] = answer.status;
      }
    }
    expect(got).toEqual(ROUTE_ACCESS);
  }, 180_000);
});
