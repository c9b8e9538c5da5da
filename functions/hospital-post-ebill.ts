import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EBillIssued } from '../events/ebill-events';
import { API_ROUTES } from './api-routes';
import { requireHospital } from './shared/auth';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { logger, metrics } from './shared/observability';
import { routeHandler } from './shared/route-handler';

/**
 * POST /hospitals/{hospitalCode}/ebills: for hospitals that cannot put events on our bus, the
 * same EBill.Issued event, published on their behalf. A hospital posts only as itself: the
 * token's hospital, the path and the bill's issuer must agree (403 otherwise). The signature
 * is not checked here but where every e-bill is checked, in ingest-ebill, so a bill that
 * arrives this way is trusted no more than one from the bus. The path is checked before the
 * body is read: under another hospital's path the answer is 403 whatever was sent.
 */
export const hospitalPostEBill = routeHandler(
  API_ROUTES.HospitalPostEBill,
  async ({ caller, params: { hospitalCode }, body: ebill }) => {
    requireHospital(caller, ebill.hospital.code, 'the bill’s hospital.code');

    await deps('events').publish([EBillIssued.event({ ebill })]);
    metrics.addMetric('EBillsPostedByHospitals', MetricUnit.Count, 1);
    logger.info('e-bill posted by a hospital', { hospitalCode, billNo: ebill.billNo });
    return json(202, {
      hospitalCode,
      billBatchCode: ebill.billBatchCode,
      billNo: ebill.billNo,
      accepted: 'for_verification',
    });
  },
  {
    authorize: ({ caller, params }) =>
      requireHospital(caller, params.hospitalCode, 'the hospital in the path'),
  },
);

export const handler = hospitalPostEBill;
