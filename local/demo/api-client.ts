import { z } from 'zod';
import type { RequestCounts } from '../../adapters/dynamodb/request-counter';
import type { SubmitClaimRequest } from '../../domain/claim';
import { CLAIM_STATUSES } from '../../domain/claim-status';
import type { ClerkRejectionCode } from '../../domain/clerk-rejection-reasons';
import type { LocalSigningKey } from '../api/jwt-keys';
import { requestJson, UnexpectedAnswerError, type JsonAnswer } from './http';

/**
 * crossclaim's HTTP API as a client sees it, with bearer tokens signed by the local runtime's
 * key: citizens file claims, a clerk reads claims and works the queue. The schemas are this
 * client's own and loose (z.object keeps what it knows): the demo reads what it needs of the
 * answers, the way any other client of the API would.
 */

const StatusSchema = z.enum(CLAIM_STATUSES);

export const ClaimAnswerSchema = z.object({
  claimId: z.string(),
  status: StatusSchema,
  waitingFor: z.enum(['hospital_ebill', 'clerk']).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  reasons: z.array(z.object({ code: z.string() })),
  /** The filing type the home region's record gave the stay (absent until eligibility was checked). */
  visit: z.object({ filingType: z.string().optional() }).optional(),
  benefit: z
    .object({
      policyId: z.string(),
      benefitFen: z.number().int(),
      seriousIllnessFen: z.number().int().default(0),
      /** The catalogue that decided the lines' categories, and how many bill categories it corrected. */
      catalogue: z.object({ version: z.string(), corrections: z.number().int() }).optional(),
    })
    .optional(),
  paidFen: z.number().int().optional(),
  timeline: z.array(z.object({ at: z.string(), fact: z.string() })),
  failure: z.object({ error: z.string(), atStatus: z.string() }).optional(),
});
export type ClaimAnswer = z.infer<typeof ClaimAnswerSchema>;

export const QueueItemAnswerSchema = z.object({
  claimId: z.string(),
  status: StatusSchema,
  awaitingDecision: z.boolean(),
  reasons: z.array(z.object({ code: z.string() })),
});
export type QueueItemAnswer = z.infer<typeof QueueItemAnswerSchema>;

const ClaimChangesAnswerSchema = z.object({
  epoch: z.string(),
  changes: z.array(z.object({ claimId: z.string(), to: StatusSchema })),
  cursor: z.number().int().nonnegative(),
  missed: z.boolean(),
});
export type ClaimChangesAnswer = z.infer<typeof ClaimChangesAnswerSchema>;

const DynamoStatsSchema = z.object({
  requests: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())),
});

const QueueAnswerSchema = z.object({ claims: z.array(QueueItemAnswerSchema) });

const ClaimListAnswerSchema = z.object({
  claims: z.array(
    z.object({
      claimId: z.string(),
      createdAt: z.string(),
      hospitalCode: z.string(),
      careType: z.string(),
      serviceDate: z.string(),
    }),
  ),
});
export type ClaimListItem = z.infer<typeof ClaimListAnswerSchema>['claims'][number];

/**
 * Longer than the API's own integration timeout (30 s, as on API Gateway): a slow handler is
 * answered by the API, not cut off by the demo while it may still create the claim.
 */
const API_TIMEOUT_MS = 35_000;

export type ClerkDecisionBody =
  | { decision: 'approve'; note?: string }
  | { decision: 'reject'; reasonCode: ClerkRejectionCode; note: string }
  | { decision: 'retry'; note?: string };

export type DecisionOutcome = 'recorded' | 'not_waiting';

export const DEMO_REGION = '330400';
const CLERK_ID = 'demo-clerk-01';

export class ApiClient {
  /** The demo's own reads are load on the system too: counted, so the summary can say how much. */
  readonly reads = { claims: 0, queue: 0 };
  private readonly citizenTokens = new Map<string, Promise<string>>();
  private clerkToken: Promise<string> | undefined;

  constructor(
    readonly apiUrl: string,
    private readonly signingKey: LocalSigningKey,
    /** Long enough for the whole run: a token expiring mid-run would look like a system fault. */
    private readonly ttlSeconds: number,
  ) {}

  private citizenToken(idNumberHash: string): Promise<string> {
    let token = this.citizenTokens.get(idNumberHash);
    if (!token) {
      token = this.signingKey.mintToken({ role: 'citizen', sub: idNumberHash, ttlSeconds: this.ttlSeconds });
      this.citizenTokens.set(idNumberHash, token);
    }
    return token;
  }

  private clerk(): Promise<string> {
    this.clerkToken ??= this.signingKey.mintToken({
      role: 'clerk',
      sub: CLERK_ID,
      region: DEMO_REGION,
      ttlSeconds: this.ttlSeconds,
    });
    return this.clerkToken;
  }

  private async call(
    path: string,
    request: { token: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<JsonAnswer> {
    return requestJson('the crossclaim API', `${this.apiUrl}${path}`, {
      ...request,
      timeoutMs: API_TIMEOUT_MS,
    });
  }

  /**
   * Files a claim as the insured person; the claim id, or UnexpectedAnswerError. With an
   * idempotency key, a repeat of the same request files nothing more and gets the same claim.
   */
  async submit(idNumberHash: string, request: SubmitClaimRequest, idempotencyKey?: string): Promise<string> {
    const answer = await this.call('/claims', {
      token: await this.citizenToken(idNumberHash),
      body: request,
      ...(idempotencyKey && { headers: { 'idempotency-key': idempotencyKey } }),
    });
    const parsed = z.object({ claimId: z.string() }).safeParse(answer.body);
    if (answer.status !== 202 || !parsed.success) throw new UnexpectedAnswerError('POST /claims', answer);
    return parsed.data.claimId;
  }

  /** The citizen's own claims, newest first (GET /claims), as they would look for one they filed. */
  async claimsOf(idNumberHash: string): Promise<ClaimListItem[]> {
    const answer = await this.call('/claims', { token: await this.citizenToken(idNumberHash) });
    const parsed = ClaimListAnswerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) throw new UnexpectedAnswerError('GET /claims', answer);
    return parsed.data.claims;
  }

  async claim(claimId: string): Promise<ClaimAnswer> {
    this.reads.claims++;
    const answer = await this.call(`/claims/${encodeURIComponent(claimId)}`, { token: await this.clerk() });
    const parsed = ClaimAnswerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success)
      throw new UnexpectedAnswerError(`GET /claims/${claimId}`, answer);
    return parsed.data;
  }

  async reviewQueue(status: 'IN_REVIEW' | 'FAILED'): Promise<QueueItemAnswer[]> {
    this.reads.queue++;
    const answer = await this.call(`/review-queue?status=${status}`, { token: await this.clerk() });
    const parsed = QueueAnswerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success) {
      throw new UnexpectedAnswerError(`GET /review-queue?status=${status}`, answer);
    }
    return parsed.data.claims;
  }

  /** 409 means the case is no longer (or not yet) waiting for this decision: the clerk looks again later. */
  async decide(claimId: string, body: ClerkDecisionBody): Promise<DecisionOutcome> {
    const answer = await this.call(`/claims/${encodeURIComponent(claimId)}/decision`, {
      token: await this.clerk(),
      body,
    });
    if (answer.status === 202) return 'recorded';
    if (answer.status === 409) return 'not_waiting';
    throw new UnexpectedAnswerError(`POST /claims/${claimId}/decision`, answer);
  }

  /**
   * The claims' status changes after `after` (a long poll of up to `waitMs`), from the local
   * runtime's change feed; undefined when the process does not offer it.
   */
  async claimChanges(
    epoch: string | undefined,
    after: number,
    waitMs: number,
  ): Promise<ClaimChangesAnswer | undefined> {
    const query = new URLSearchParams({
      after: String(after),
      waitMs: String(waitMs),
      ...(epoch && { epoch }),
    });
    const answer = await requestJson('the crossclaim API', `${this.apiUrl}/local/claim-changes?${query}`, {
      token: await this.clerk(),
      timeoutMs: API_TIMEOUT_MS,
    });
    if (answer.status === 404) return undefined;
    const parsed = ClaimChangesAnswerSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success)
      throw new UnexpectedAnswerError('GET /local/claim-changes', answer);
    return parsed.data;
  }

  /**
   * The DynamoDB requests the crossclaim process has sent so far, by function and operation
   * (a local-only endpoint); undefined when the process does not offer them.
   */
  async dynamoRequests(): Promise<RequestCounts | undefined> {
    const answer = await requestJson('the crossclaim API', `${this.apiUrl}/local/stats/dynamodb`, {
      timeoutMs: API_TIMEOUT_MS,
    });
    if (answer.status === 404) return undefined;
    const parsed = DynamoStatsSchema.safeParse(answer.body);
    if (answer.status !== 200 || !parsed.success)
      throw new UnexpectedAnswerError('GET /local/stats/dynamodb', answer);
    return parsed.data.requests;
  }

  /** The clerk's token works against this API: false when it was signed by another key (401). */
  async acceptsOurTokens(): Promise<boolean> {
    const answer = await this.call('/review-queue?status=IN_REVIEW', { token: await this.clerk() });
    if (answer.status === 401) return false;
    if (answer.status !== 200) throw new UnexpectedAnswerError('GET /review-queue', answer);
    return true;
  }
}
