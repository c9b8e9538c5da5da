import { receiptImageKey } from '../domain/receipt-image';
import { API_ROUTES } from './api-routes';
import type { StoredReceipt } from '../domain/stored-receipt';
import { requireVisibleClaim } from './shared/auth';
import { deps } from './shared/dependencies';
import { notFound } from './shared/http-errors';
import { routeHandler } from './shared/route-handler';

/**
 * GET /claims/{claimId}/receipts/{receiptId}/image: the photo or scan a receipt was uploaded as,
 * its bytes with their type (sniffed at upload), for the clerk to read beside the extracted
 * fields. Only through the claim, so the claim's access rule is the image's: its citizen, its
 * region's staff; anything else, and a receipt without an image, is 404. The answer is binary:
 * the view policy leaves it as it is.
 */
export const getReceiptImage = routeHandler(API_ROUTES.GetReceiptImage, async ({ caller, params }) => {
  const { claimId, receiptId } = params;
  const claims = deps('claims');
  requireVisibleClaim(caller, claimId, await claims.find(claimId));
  const receipt = await claims.getDocument<StoredReceipt>(claimId, 'RECEIPT', receiptId);
  const image = receipt?.imageId && (await deps('receiptImages').get(receiptImageKey(receipt.imageId)));
  if (!image) throw notFound(`claim ${claimId} has no receipt image ${receiptId}`);
  return {
    statusCode: 200,
    headers: {
      'content-type': image.meta.contentType,
      // Personal data: the browser keeps it for this page only.
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
    body: image.body.toString('base64'),
    isBase64Encoded: true,
  };
});

export const handler = getReceiptImage;
