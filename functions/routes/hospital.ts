import { EBillAcceptedSchema, HospitalPathSchema } from '../../domain/api/hospital';
import { SignedEBillSchema } from '../../domain/ebill';
import type { ApiRoutes } from './api-route';

/** What hospitals call: pushing a signed e-bill (those without EventBridge access). */
export const HOSPITAL_ROUTES = {
  HospitalPostEBill: {
    method: 'POST',
    path: '/hospitals/{hospitalCode}/ebills',
    functionName: 'HospitalPostEBill',
    roles: ['hospital'],
    summary: 'Push a signed e-bill (hospitals without EventBridge access)',
    description:
      'The same as putting an EBill.Issued event on the bus: the bill goes to verification (signature ' +
      'against the hospital key registry) and resumes any claim waiting for it. A hospital posts only ' +
      'its own bills.',
    request: { params: HospitalPathSchema, body: SignedEBillSchema.meta({ id: 'SignedEBill' }) },
    success: {
      status: 202,
      description: 'Accepted for verification',
      body: EBillAcceptedSchema,
    },
    errors: [400, 401, 403, 413],
  },
} as const satisfies ApiRoutes;
