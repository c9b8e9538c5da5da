import type { EobInput } from '../../domain/explanation-of-benefit';
import { requireVisibleClaim, type Caller } from '../shared/auth';
import { deps } from '../shared/dependencies';
import { conflict } from '../shared/http-errors';

/**
 * What an explanation of benefits is built from, for a caller who may see the claim: the case,
 * its latest adjudication (the ADJ# a payout uses) and the payout if there is one. A claim the
 * caller may not see is 404; one never adjudicated (rejected before, or still running) is 409.
 */
export async function eobSource(caller: Caller, claimId: string): Promise<EobInput> {
  const claims = deps('claims');
  const claim = requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const [adjudication, payout] = await Promise.all([
    claims.latestAdjudication(claimId),
    claims.payout(claimId),
  ]);
  if (!adjudication) {
    throw conflict(
      'not_adjudicated',
      `claim ${claimId} is ${claim.status} and has no adjudication to explain yet`,
    );
  }
  return { claim, adjudication, ...(payout && { payout }) };
}
