import { z } from 'zod';
import { LedgerSchema, type Transfer } from '../../adapters/bank-api';
import type { HospitalFaults } from '../hospitals/faults';
import { requestJson, UnexpectedAnswerError } from './http';

/**
 * The simulated outside world as the demo drives it, over HTTP only: the hospitals' admin
 * endpoints (see patients, switch faults, issue held-back bills) and the bank's ledger.
 */

const PatientSchema = z.object({
  name: z.string(),
  idNumber: z.string(),
  idNumberMasked: z.string(),
  idNumberHash: z.string(),
});
export type Patient = z.infer<typeof PatientSchema>;

export const HospitalVisitSchema = z.object({
  hospitalCode: z.string(),
  visitNo: z.string(),
  careType: z.enum(['inpatient', 'outpatient']),
  serviceDate: z.string(),
  patient: PatientSchema,
  bill: z.object({
    billBatchCode: z.string(),
    billNo: z.string(),
    checkCode: z.string(),
    issueDate: z.string(),
    totalAmtFen: z.number().int(),
  }),
});
export type HospitalVisit = z.infer<typeof HospitalVisitSchema>;

const VisitsAnswerSchema = z.object({ visits: z.array(HospitalVisitSchema) });

export interface AddVisitsRequest {
  count: number;
  careType: 'inpatient' | 'outpatient';
  patient?: Patient;
  timing: 'now' | 'later';
  settledDirectly: boolean;
}

/** The world refuses more per call. */
const MAX_VISITS_PER_CALL = 1000;

export class WorldClient {
  constructor(
    readonly hospitalsUrl: string,
    readonly bankUrl: string,
    /** The simulators' admin token (<data dir>/world/admin-token). */
    private readonly adminToken: string,
  ) {}

  async addVisits(request: AddVisitsRequest): Promise<HospitalVisit[]> {
    const visits: HospitalVisit[] = [];
    for (let left = request.count; left > 0; left -= MAX_VISITS_PER_CALL) {
      const count = Math.min(left, MAX_VISITS_PER_CALL);
      const answer = await requestJson('the hospitals', `${this.hospitalsUrl}/admin/visits`, {
        body: { ...request, count },
        token: this.adminToken,
      });
      const parsed = VisitsAnswerSchema.safeParse(answer.body);
      if (answer.status !== 201 || !parsed.success || parsed.data.visits.length !== count) {
        throw new UnexpectedAnswerError('POST /admin/visits', answer);
      }
      visits.push(...parsed.data.visits);
    }
    return visits;
  }

  async setFaults(hospitalCode: string, faults: HospitalFaults): Promise<void> {
    const answer = await requestJson('the hospitals', `${this.hospitalsUrl}/admin/faults`, {
      body: { hospitalCode, faults },
      token: this.adminToken,
    });
    if (answer.status !== 200)
      throw new UnexpectedAnswerError(`POST /admin/faults for ${hospitalCode}`, answer);
  }

  /** Issues every bill the hospitals hold back; how many there were. */
  async issuePending(): Promise<number> {
    const answer = await requestJson('the hospitals', `${this.hospitalsUrl}/admin/issue-pending`, {
      body: {},
      token: this.adminToken,
    });
    const parsed = z.object({ issued: z.number().int() }).safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success)
      throw new UnexpectedAnswerError('POST /admin/issue-pending', answer);
    return parsed.data.issued;
  }

  async ledger(): Promise<Transfer[]> {
    const answer = await requestJson('the bank', `${this.bankUrl}/ledger`);
    const parsed = LedgerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) throw new UnexpectedAnswerError('GET /ledger', answer);
    return parsed.data.transfers;
  }

  /** Any answer at all (a 404 included) shows the hospitals' server is there. */
  async ping(): Promise<void> {
    await requestJson('the hospitals', `${this.hospitalsUrl}/hospitals`, { timeoutMs: 5000 });
  }
}
