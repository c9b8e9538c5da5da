/**
 * How the local bus retries a target that throws: a few attempts with exponential backoff,
 * then the event goes to the rule's dead-letter list. EventBridge itself retries for up to 24
 * hours; locally a failing target should show up in seconds, and in tests in milliseconds.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** The wait before the next attempt, after `failedAttempts` (≥ 1) failures. No jitter: one process, no herd. */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
}

export function retryPolicyWith(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a whole number ≥ 1, not ${policy.maxAttempts}`);
  }
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < 0)
    throw new RangeError('retry delays must not be negative');
  return policy;
}
