import {
  AssignmentSchema,
  CheckRecordedSchema,
  DecisionRecordedSchema,
  EscalationsViewSchema,
  RegionQuerySchema,
  ReleasedSchema,
  ReviewQueuePageSchema,
  ReviewQueueQuerySchema,
} from '../../domain/api/clerk';
import { DashboardQuerySchema, DashboardViewSchema } from '../../domain/api/dashboard';
import { ClaimPathSchema } from '../../domain/api/primitives';
import { CheckRequestSchema, ClerkDecisionRequestSchema } from '../../domain/claim';
import type { ApiRoutes } from './api-route';

/** The clerks' and supervisors' work: the queue, deciding and checking a case, escalations, the dashboard. */
export const CLERK_ROUTES = {
  ReviewQueue: {
    method: 'GET',
    path: '/review-queue',
    functionName: 'ReviewQueue',
    roles: ['clerk', 'supervisor', 'admin'],
    summary: 'The review queue',
    description:
      'The cases of a region that wait for a clerk, oldest first, with why: IN_REVIEW (a rule asked for ' +
      'a person) or FAILED (a step failed for good); a page at a time (nextCursor while more remain).',
    request: { query: ReviewQueueQuerySchema },
    success: {
      status: 200,
      description: 'The queue',
      body: ReviewQueuePageSchema,
    },
    errors: [400, 401, 403],
  },
  DecideClaim: {
    method: 'POST',
    path: '/claims/{claimId}/decision',
    functionName: 'DecideClaim',
    roles: ['clerk'],
    summary: 'Decide a case waiting for a clerk',
    description:
      'A clerk of the claim’s home region approves it (the adjudicated benefit is paid), rejects it with a ' +
      'reason the citizen reads, or retries a failed case from eligibility. 409 when the case is not ' +
      'waiting for a clerk (decided already, or still running).',
    request: {
      params: ClaimPathSchema,
      body: ClerkDecisionRequestSchema.meta({ id: 'ClerkDecisionRequest' }),
    },
    success: {
      status: 202,
      description: 'Recorded, and the workflow resumed',
      body: DecisionRecordedSchema,
    },
    errors: [400, 401, 403, 404, 409, 413, 503],
  },
  AssignClaim: {
    method: 'POST',
    path: '/claims/{claimId}/assignment',
    functionName: 'AssignClaim',
    roles: ['clerk'],
    summary: 'Take a case from the queue',
    description:
      'The clerk takes the case so no other clerk works it. Of two clerks taking one case at once, one ' +
      'wins; the other gets 409 assigned_to_other (or claim_changed). Taking a case one holds is 200 again.',
    request: { params: ClaimPathSchema },
    success: {
      status: 200,
      description: 'Taken',
      body: AssignmentSchema,
    },
    errors: [400, 401, 403, 404, 409],
  },
  ReleaseClaim: {
    method: 'DELETE',
    path: '/claims/{claimId}/assignment',
    functionName: 'ReleaseClaim',
    roles: ['clerk', 'supervisor'],
    summary: 'Put a case back in the queue',
    description: 'The clerk holding the case releases it; a supervisor of the region may release any case.',
    request: { params: ClaimPathSchema },
    success: {
      status: 200,
      description: 'Released',
      body: ReleasedSchema,
    },
    errors: [400, 401, 403, 404, 409],
  },
  CheckDecision: {
    method: 'POST',
    path: '/claims/{claimId}/check',
    functionName: 'CheckDecision',
    roles: ['clerk'],
    summary: 'Check another clerk’s decision (maker-checker)',
    description:
      'A decision paying more than the policy’s review.secondClerkAboveFen waits for a second clerk: confirm ' +
      'carries it out (the workflow resumes), return sends it back to the queue. The maker cannot check ' +
      'their own decision (409 maker_cannot_check).',
    request: { params: ClaimPathSchema, body: CheckRequestSchema.meta({ id: 'CheckRequest' }) },
    success: {
      status: 202,
      description: 'Recorded',
      body: CheckRecordedSchema,
    },
    errors: [400, 401, 403, 404, 409, 503],
  },
  ListEscalations: {
    method: 'GET',
    path: '/escalations',
    functionName: 'ListEscalations',
    roles: ['supervisor', 'admin'],
    summary: 'The supervisor’s queue: cases past their service level',
    description:
      'Cases of the region that waited for a clerk longer than the policy’s review.clerkSlaHours and were ' +
      'escalated, oldest first. A supervisor sees their own region; an admin names it.',
    request: { query: RegionQuerySchema },
    success: {
      status: 200,
      description: 'The escalated cases',
      body: EscalationsViewSchema,
    },
    errors: [400, 401, 403],
  },
  Dashboard: {
    method: 'GET',
    path: '/dashboard',
    functionName: 'Dashboard',
    roles: ['supervisor', 'admin'],
    summary: 'The service level of a region (supervisors)',
    description:
      'Claims per day by status, the share decided without a clerk, submit→paid p50/p95, the queue’s size ' +
      'and oldest age, SLA breaches, payouts and ratings, computed from the table on each call. A ' +
      'supervisor sees their own region; an admin names it.',
    request: { query: DashboardQuerySchema },
    success: { status: 200, description: 'The numbers', body: DashboardViewSchema },
    errors: [400, 401, 403],
  },
} as const satisfies ApiRoutes;
