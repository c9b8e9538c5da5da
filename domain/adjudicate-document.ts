import { adjudicate, type AdjudicationResult } from './adjudication';
import { caseSubject, checkCaseAgainstPolicy, parseAdjudicationCase } from './adjudication-case';
import type { CompiledPolicy } from './policy';

/**
 * From an untrusted document to a result: shape check, check against the policy, adjudicate.
 * Throws InvalidInputError naming the case, the field and the reason; never a partial result.
 */
export function adjudicateDocument(
  policy: CompiledPolicy,
  document: unknown,
  source?: string,
): AdjudicationResult {
  const subject = caseSubject(document, source);
  const c = parseAdjudicationCase(document, subject);
  checkCaseAgainstPolicy(policy, c, subject);
  return adjudicate(policy, c);
}
