import canonicalize from 'canonicalize';
import type { SignedEBill } from './ebill';

/**
 * Which of two signed versions of one bill (same hospital, batch code and number) stands. A
 * bill only ever moves from issued to voided; a replay of the issued version after the void
 * (an old event re-sent, an archive replayed) is older and never overwrites the newer one.
 * Anything else that differs is a conflict a clerk settles; the first version stays stored.
 */
export type BillVersionOrder = 'same' | 'newer' | 'older' | 'conflict';

const withoutStatusAndSignature = ({ status: _s, signature: _sig, ...rest }: SignedEBill) => rest;

export function compareBillVersions(incoming: SignedEBill, stored: SignedEBill): BillVersionOrder {
  if (canonicalize(incoming) === canonicalize(stored)) return 'same';
  const sameContent =
    canonicalize(withoutStatusAndSignature(incoming)) === canonicalize(withoutStatusAndSignature(stored));
  if (sameContent && stored.status === 'issued' && incoming.status === 'voided') return 'newer';
  if (sameContent && stored.status === 'voided' && incoming.status === 'issued') return 'older';
  if (sameContent && incoming.status === stored.status) return 'same'; // re-signed, same content
  return 'conflict';
}
