import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { randomBytes } from 'node:crypto';
import { inspectReceiptImage, RECEIPT_IMAGE_LIMITS, receiptImageKey } from '../domain/receipt-image';
import { API_ROUTES } from './api-routes';
import { HttpError } from './shared/http-errors';
import { json } from './shared/http';
import { logger, metrics } from './shared/observability';
import { takeDailyQuota } from './shared/quotas';
import { deps } from './shared/dependencies';
import { routeHandler } from './shared/route-handler';

const STATUS_OF = {
  not_an_image: 415,
  image_too_large: 413,
  image_too_many_pixels: 413,
  image_too_small: 400,
} as const;

/**
 * POST /receipt-images: a citizen uploads one photo or scan of a paper receipt (the raw
 * bytes as the body). What it is comes from the bytes, not the name or Content-Type: a PNG
 * or JPEG, at most 4 MiB, at most 24 megapixels as its header declares (checked before
 * anything is decoded, so a decompression bomb costs nothing). A refused upload stores
 * nothing; past the citizen's daily quota (policies/limits/abuse-limits.json) it is 429. The answer names the image; a claim refers to it as `receipts: [{ imageId }]`,
 * and only the citizen who uploaded it can. The route has no body schema: the body is read here.
 */
export const uploadReceiptImage = routeHandler(API_ROUTES.UploadReceiptImage, async ({ caller, event }) => {
  const body =
    event.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (body.length === 0)
    throw new HttpError(400, 'empty_body', 'the body must be the image bytes (PNG or JPEG)');
  const inspected = inspectReceiptImage(body, RECEIPT_IMAGE_LIMITS);
  if (!inspected.ok) {
    metrics.addMetric('ReceiptImagesRefused', MetricUnit.Count, 1);
    throw new HttpError(STATUS_OF[inspected.refusal.code], inspected.refusal.code, inspected.refusal.message);
  }
  // Counted only for an upload that would be stored: a refused image costs the citizen nothing.
  await takeDailyQuota(caller.sub, 'receiptImages');
  const { image } = inspected;
  const imageId = `img-${randomBytes(12).toString('hex')}`;
  await deps('receiptImages').put(receiptImageKey(imageId), body, {
    contentType: image.contentType,
    attributes: { owner: caller.sub, width: String(image.width), height: String(image.height) },
  });
  metrics.addMetric('ReceiptImagesUploaded', MetricUnit.Count, 1);
  logger.info('receipt image stored', { imageId, contentType: image.contentType, bytes: image.bytes });
  return json(201, { imageId, ...image }, { location: `/receipt-images/${imageId}` });
});

export const handler = uploadReceiptImage;
