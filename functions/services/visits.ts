import { HomeRegionUnavailableError } from '../../adapters/home-region/home-region-client';
import { HospitalUnavailableError } from '../../adapters/hospital-client';
import type { VisitQuery } from '../../adapters/visits/visit-source';
import type { FileFromVisitRequest } from '../../domain/claim';
import { parseVisitRef, type SourcedVisit } from '../../domain/visits';
import { InvalidInputError } from '../../domain/validation';
import { deps } from '../shared/dependencies';
import { HttpError } from '../shared/http-errors';
import type { VisitView } from '../../domain/api/visits';
import { visitView } from '../views/visit-views';
import { receiptsOf, type Filing } from './claim-filing';

/**
 * A citizen's own visits, from the source the deployment configured (adapters/visits/), and
 * filing from one of them. The person is always the token's ID hash: nobody lists or files from
 * another person's visits (a delegate or agent files with the full form, on an authority).
 */

const unavailable = () =>
  new HttpError(
    503,
    'visits_unavailable',
    '就诊记录暂时无法查询，请稍后再试 / the record of visits is not answering; try again shortly',
  );

async function visitsOf(query: VisitQuery): Promise<SourcedVisit[]> {
  const source = deps('visits');
  if (source.kind === 'hospitals' && query.hospitalCodes.length === 0)
    throw new InvalidInputError('query string', [
      {
        path: 'hospitals',
        message: 'name the hospitals to ask: this deployment asks hospitals, not the home region',
      },
    ]);
  try {
    return await source.visitsOf(query);
  } catch (error) {
    if (error instanceof HospitalUnavailableError || error instanceof HomeRegionUnavailableError)
      throw unavailable();
    throw error;
  }
}

/** GET /my/visits: the visits, each with its bills' totals and the citizen's claim for it. */
export async function listOwnVisits(
  idNumberHash: string,
  query: { homeRegion: string; hospitals: string[] },
): Promise<{ source: 'home-region' | 'hospitals'; visits: VisitView[] }> {
  const [visits, claims] = await Promise.all([
    visitsOf({ idNumberHash, homeRegion: query.homeRegion, hospitalCodes: query.hospitals }),
    deps('claims').claimsOf(idNumberHash),
  ]);
  return { source: deps('visits').kind, visits: visits.map((v) => visitView(v, claims)) };
}

/**
 * The filing for a visit chosen from the list: the visit is found again among the caller's own
 * (a reference to anyone else's, or made up, is 404 like one that does not exist), and must have
 * something to reimburse. The insured's name and masked ID come from the visit's own bills.
 */
export async function filingFromVisit(idNumberHash: string, request: FileFromVisitRequest): Promise<Filing> {
  const notFound = new HttpError(
    404,
    'visit_not_found',
    'visitRef names none of your visits: list them again',
  );
  const named = parseVisitRef(request.visitRef);
  if (!named) throw notFound;
  const visits = await visitsOf({
    idNumberHash,
    homeRegion: request.homeRegion,
    hospitalCodes: [named.hospitalCode],
  });
  const visit = visits.find((v) => v.hospitalCode === named.hospitalCode && v.visitNo === named.visitNo);
  if (!visit) throw notFound;
  if (visit.bills.every((b) => b.settledDirectly))
    throw new HttpError(
      409,
      'settled_directly',
      '该次就诊已在医院直接结算，无需报销 / this visit was settled directly at the hospital: nothing to claim',
    );
  return {
    insured: {
      idNumberHash,
      idNumberMasked: visit.patient.idNumberMasked,
      name: visit.patient.name,
      homeRegion: request.homeRegion,
    },
    hospitalCode: visit.hospitalCode,
    visit: { visitNo: visit.visitNo, careType: visit.careType, serviceDate: visit.serviceDate },
    consent: { fetchRecords: true, hospitalCode: visit.hospitalCode, grantedAt: request.consent.grantedAt },
    payout: request.payout,
    receipts: receiptsOf(request),
  };
}
