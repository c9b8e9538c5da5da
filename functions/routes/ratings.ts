import { RegionQuerySchema } from '../../domain/api/clerk';
import { ClaimPathSchema } from '../../domain/api/primitives';
import {
  FollowUpAnswerRequestSchema,
  FollowUpsViewSchema,
  RatingOfClaimViewSchema,
  RatingRequestSchema,
  RatingsQuerySchema,
  RatingsViewSchema,
  RatingViewSchema,
} from '../../domain/api/ratings';
import type { ApiRoutes } from './api-route';

/** 好差评: a citizen rates a closed claim; clerks read the ratings and answer the bad ones' follow-ups. */
export const RATING_ROUTES = {
  RateClaim: {
    method: 'POST',
    path: '/claims/{claimId}/rating',
    functionName: 'RateClaim',
    roles: ['citizen'],
    summary: 'Rate the service for a closed claim (好差评)',
    description:
      'Once the claim is paid or rejected, its citizen rates the service once: one of five levels (非常满意 … ' +
      '非常不满意) for the whole and for each sub-score of the ratings policy, with an optional comment. A ' +
      '不满意 or 非常不满意 rating opens a follow-up due in the policy’s working days (the region’s holiday ' +
      'calendar). 409 when the claim is not closed yet or was rated already.',
    request: { params: ClaimPathSchema, body: RatingRequestSchema },
    success: {
      status: 201,
      description: 'The rating, as the region’s clerks see it',
      body: RatingViewSchema,
    },
    errors: [400, 401, 403, 404, 409, 413],
  },
  ListRatings: {
    method: 'GET',
    path: '/ratings',
    functionName: 'ListRatings',
    roles: ['clerk', 'supervisor', 'admin'],
    summary: 'The ratings of a region',
    description:
      'The ratings citizens gave a region’s closed claims, newest first (at most 100), with count, average ' +
      'and how many of each score. A clerk sees their own region; an admin names it.',
    request: { query: RatingsQuerySchema },
    success: { status: 200, description: 'The ratings', body: RatingsViewSchema },
    errors: [400, 401, 403],
  },
  GetRating: {
    method: 'GET',
    path: '/claims/{claimId}/rating',
    functionName: 'GetRating',
    roles: ['citizen', 'clerk', 'supervisor', 'admin'],
    summary: 'The rating of a claim and its follow-up (好差评)',
    description:
      'The claim’s rating with its level, sub-scores and, for a bad rating, the follow-up: its due date, ' +
      'state and the clerk’s answer (the citizen sees the answer, not which clerk gave it). Same access as ' +
      'GET /claims/{id}; `rating: null` while the claim has none.',
    request: { params: ClaimPathSchema },
    success: { status: 200, description: 'The rating, or null', body: RatingOfClaimViewSchema },
    errors: [400, 401, 403, 404],
  },
  AnswerFollowUp: {
    method: 'POST',
    path: '/claims/{claimId}/follow-up',
    functionName: 'AnswerFollowUp',
    roles: ['clerk'],
    summary: 'Answer the follow-up of a bad rating',
    description:
      'A clerk of the claim’s home region answers the follow-up a 不满意 / 非常不满意 rating opened, once; ' +
      'whether it came by the due date is recorded with it and the citizen reads it on the claim page. The ' +
      'clerk who decided or checked the claim may not answer it (403 decided_by_you). 409 no_follow_up or ' +
      'already_answered.',
    request: { params: ClaimPathSchema, body: FollowUpAnswerRequestSchema },
    success: { status: 200, description: 'The rating with its answered follow-up', body: RatingViewSchema },
    errors: [400, 401, 403, 404, 409, 413],
  },
  ListFollowUps: {
    method: 'GET',
    path: '/follow-ups',
    functionName: 'ListFollowUps',
    roles: ['clerk', 'supervisor', 'admin'],
    summary: 'The follow-ups of bad ratings in a region',
    description:
      'Every 不满意 / 非常不满意 rating of the region with its follow-up, overdue (escalated) first, then by due ' +
      'date, with the satisfaction rate, the follow-up rate and the on-time rate. Clerks and supervisors see ' +
      'their own region; an admin names it.',
    request: { query: RegionQuerySchema },
    success: { status: 200, description: 'The follow-ups', body: FollowUpsViewSchema },
    errors: [400, 401, 403],
  },
} as const satisfies ApiRoutes;
