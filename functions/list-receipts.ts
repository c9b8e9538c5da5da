import { API_ROUTES } from './api-routes';
import type { StoredReceipt } from '../domain/stored-receipt';
import { caseViewFor, requireVisibleClaim } from './shared/auth';
import { deps } from './shared/dependencies';
import { json } from './shared/http';
import { routeHandler } from './shared/route-handler';
import { receiptView } from './views/receipt-views';

/**
 * GET /claims/{claimId}/receipts: each receipt of a claim with what was read from it (every field
 * with its confidence), the e-bill's values beside them and the fields the reconciliation
 * flagged: what a clerk compares with the image. Same access as GET /claims/{id}: its citizen,
 * its region's staff; anything else is 404.
 */
export const listReceipts = routeHandler(API_ROUTES.ListReceipts, async ({ caller, params: { claimId } }) => {
  const claims = deps('claims');
  requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const [receipts, bills] = await Promise.all([
    claims.documents<StoredReceipt>(claimId, 'RECEIPT'),
    claims.eBills(claimId),
  ]);
  const audience = caseViewFor(caller);
  return json(200, { claimId, receipts: receipts.map((r) => receiptView(r, bills, audience)) });
});

export const handler = listReceipts;
