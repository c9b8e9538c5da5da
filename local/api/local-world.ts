import { z } from 'zod';
import type { HospitalCatalog } from '../hospitals/catalog';
import type { BillGenerator } from '../hospitals/bill-generator';
import type { FakePatient } from '../hospitals/fake-patients';
import type { HospitalSimulator } from '../hospitals/simulator';
import { staysOf, type Stay } from '../hospitals/stays';

/**
 * The simulated outside world as the local web pages need it: which hospitals there are, a
 * citizen's stays at them (to choose the one a claim is for), and, for trying things out, a
 * new stay for the signed-in citizen. Two ways to reach it: in process (tests, where the
 * runtime holds the simulator) and over the world process's admin endpoints (`npm start`).
 */

export interface HospitalListing {
  code: string;
  name: string;
  nameEn: string;
  level: number;
}

export interface LocalWorld {
  hospitals(): HospitalListing[];
  staysOf(idNumberHash: string): Promise<Stay[]>;
  /** The hospital treats the person: a new stay or visit, billed at once. */
  makeStay(
    patient: FakePatient,
    request: { hospitalCode: string; careType: Stay['careType'] },
  ): Promise<Stay>;
}

export type { Stay };

function listing(catalog: HospitalCatalog): HospitalListing[] {
  return catalog.hospitals.map(({ code, name, nameEn, level }) => ({ code, name, nameEn, level }));
}

export function inProcessWorld(simulator: HospitalSimulator, generator: BillGenerator): LocalWorld {
  return {
    hospitals: () => listing(simulator.catalog),
    staysOf: async (idNumberHash) => staysOf(simulator.snapshot().issued, idNumberHash),
    async makeStay(patient, { hospitalCode, careType }) {
      const visit = generator[careType]({ hospitalCode, patient });
      simulator.addVisit(visit);
      const [stay] = staysOf([visit.bill], patient.idNumberHash);
      if (!stay) throw new Error('the generated visit has no bill');
      return stay;
    },
  };
}

const StaySchema = z.object({
  hospitalCode: z.string(),
  hospitalName: z.string(),
  visitNo: z.string(),
  careType: z.enum(['inpatient', 'outpatient']),
  serviceDate: z.string(),
  totalAmtFen: z.number().int(),
});

const VisitsAnswerSchema = z.object({
  visits: z.array(
    z.object({
      hospitalCode: z.string(),
      visitNo: z.string(),
      careType: z.enum(['inpatient', 'outpatient']),
      serviceDate: z.string(),
      bill: z.object({ totalAmtFen: z.number().int() }),
    }),
  ),
});

async function postJson(url: string, body: unknown, adminToken: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
  });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`the simulated hospitals answered ${response.status} to ${new URL(url).pathname}`);
  }
  return response.json();
}

/** The world process of `npm start`, over its admin endpoints (POST /admin/visits, /admin/stays). */
export function worldOverHttp(
  catalog: HospitalCatalog,
  hospitalsUrl: string,
  adminToken: string,
): LocalWorld {
  const nameOf = (code: string) => catalog.hospitals.find((h) => h.code === code)?.name ?? code;
  return {
    hospitals: () => listing(catalog),
    async staysOf(idNumberHash) {
      const answer = await postJson(`${hospitalsUrl}/admin/stays`, { idNumberHash }, adminToken);
      return z.object({ stays: z.array(StaySchema) }).parse(answer).stays;
    },
    async makeStay(patient, { hospitalCode, careType }) {
      const answer = await postJson(
        `${hospitalsUrl}/admin/visits`,
        {
          count: 1,
          careType,
          hospitalCode,
          patient,
        },
        adminToken,
      );
      const [visit] = VisitsAnswerSchema.parse(answer).visits;
      if (!visit) throw new Error('the simulated hospitals made no visit');
      return {
        hospitalCode: visit.hospitalCode,
        hospitalName: nameOf(visit.hospitalCode),
        visitNo: visit.visitNo,
        careType: visit.careType,
        serviceDate: visit.serviceDate,
        totalAmtFen: visit.bill.totalAmtFen,
      };
    },
  };
}
