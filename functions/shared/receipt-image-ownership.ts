import { receiptImageKey } from '../../domain/receipt-image';
import { InvalidInputError, type InputIssue } from '../../domain/validation';
import { deps } from './dependencies';

/**
 * Every uploaded image a request names (a claim's receipts, an answer to a clerk) must exist
 * and be the caller's own upload; an image of someone else's is answered exactly like one that
 * does not exist (400), so ids cannot be probed.
 */
export async function requireOwnReceiptImages(
  owner: string,
  images: readonly { imageId: string }[] | undefined,
  field = 'receiptImages',
): Promise<void> {
  const store = deps('receiptImages');
  const issues: InputIssue[] = [];
  await Promise.all(
    (images ?? []).map(async (r, i) => {
      const meta = await store.head(receiptImageKey(r.imageId));
      if (meta?.attributes.owner !== owner)
        issues.push({ path: `${field}.${i}.imageId`, message: 'is not an image you uploaded' });
    }),
  );
  if (issues.length > 0) throw new InvalidInputError('request body', issues);
}
