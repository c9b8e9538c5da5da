import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SignedEBillSchema } from '../domain/ebill';
import { EBillIssued } from '../events/ebill-events';
import { API_ROUTES } from './api-routes';
import { requireCaller, requireHospital } from './shared/auth';
import { deps } from './shared/dependencies';
import { apiHandler, json, parseBody, parsePathParameters } from './shared/http';
import { logger, metrics } from './shared/observability';

const route = API_ROUTES.HospitalPostEBill;

/**
 * POST /hospitals/{hospitalCode}/ebills: for hospitals that cannot put events on our bus, the
 * same EBill.Issued event, published on their behalf. A hospital posts only as itself: the
 * token's hospital, the path and the bill's issuer must agree (403 otherwise). The signature
 * is not checked here but where every e-bill is checked, in ingest-ebill, so a bill that
 * arrives this way is trusted no more than one from the bus.
 */
export const hospitalPostEBill = apiHandler(async (event) => {
  const caller = requireCaller(event, route.roles);
  const { hospitalCode } = parsePathParameters(event, route.request.params);
  requireHospital(caller, hospitalCode, 'the hospital in the path');
  const ebill = parseBody(event, SignedEBillSchema);
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
});

export const handler = hospitalPostEBill;
