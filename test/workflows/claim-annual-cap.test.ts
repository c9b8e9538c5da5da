import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../adapters/claim-store';
import { TERMINAL_STATUSES, QUEUE_STATUSES } from '../../domain/claim-status';
import { claimRequestFor, executionArn, submitted, useClaimWorkflow, waitForStatus } from './support';

const CLAIMS = 50;
/** Jiaxing employee outpatient cap (policies/jiaxing-employee-2026.json). */
const OUTPATIENT_CAP_FEN = 1_000_000;
/** Room left under the cap before the 50 claims: far less than they would pay together. */
const ROOM_LEFT_FEN = 30_000;

describe('claim workflow: the annual cap under concurrency', () => {
  const wf = useClaimWorkflow();

  it(
    `pays ${CLAIMS} concurrent claims of one insured person no more than the cap allows`,
    { timeout: 240_000 },
    async () => {
      const { rt } = wf;
      const patient = rt.hospitals.generator.patient();
      const year = 2026;
      // This year the fund already paid all but ROOM_LEFT_FEN of the outpatient cap, deductible met.
      await rt.dynamo.docClient.send(
        new PutCommand({
          TableName: rt.tableName,
          Item: {
            ...keys.accumulator(patient.idNumberHash, year),
            version: 7,
            admissions: 0,
            fundPaidFen: { inpatient: 0, outpatient: OUTPATIENT_CAP_FEN - ROOM_LEFT_FEN },
            deductibleMetFen: { inpatient: 0, outpatient: 40_000 },
          },
        }),
      );
      const visits = Array.from({ length: CLAIMS }, () => rt.hospitals.generator.outpatient({ patient }));
      for (const visit of visits) rt.hospitals.simulator.addVisit(visit);

      const claimIds = await Promise.all(visits.map((visit) => submitted(claimRequestFor(visit))));
      const finals = await Promise.all(
        claimIds.map((id) => waitForStatus(rt, id, ['PAID', 'REJECTED', 'IN_REVIEW', 'FAILED'], 200_000)),
      );
      for (const claim of finals) {
        expect(TERMINAL_STATUSES.has(claim.status) || QUEUE_STATUSES.has(claim.status), claim.status).toBe(
          true,
        );
      }
      const payouts = await Promise.all(claimIds.map((id) => rt.claims.payout(id)));
      const paidFen = payouts.reduce((sum, p) => sum + (p?.amountFen ?? 0), 0);
      expect(paidFen).toBeGreaterThan(0);
      expect(paidFen).toBeLessThanOrEqual(ROOM_LEFT_FEN);

      const accumulator = await rt.claims.accumulator(patient.idNumberHash, year);
      expect(accumulator.fundPaidFen.outpatient).toBe(OUTPATIENT_CAP_FEN - ROOM_LEFT_FEN + paidFen);
      expect(accumulator.fundPaidFen.outpatient).toBeLessThanOrEqual(OUTPATIENT_CAP_FEN);
      // What the bank moved is what the table says was paid, once per claim.
      const bankFen = rt.bank
        .ledger()
        .filter((t) => claimIds.includes(t.idempotencyKey))
        .reduce((s, t) => s + t.amountFen, 0);
      expect(bankFen).toBe(paidFen);
      // Every paid claim's execution has ended; none is left running without a clerk.
      for (const claim of finals.filter((c) => c.status === 'PAID')) {
        expect((await rt.sfn.waitForExecution(executionArn(rt, claim.claimId))).status).toBe('SUCCEEDED');
      }
    },
  );
});
