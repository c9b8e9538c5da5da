import type { SignedEBill } from '../../domain/ebill';
import { signEBill } from '../../domain/ebill-signature';
import { seededRandom } from '../../domain/seeded-random';
import { ed25519KeyPairFromSeed } from './catalog';

/**
 * What the 'malformed' and 'badSignature' faults do to an answer that was otherwise right.
 */

let rogueKey: string | undefined;

/**
 * The bill signed by a key that is not the hospital's, under the hospital's key id: content
 * intact and schema-valid, signature wrong, the way a forged or corrupted bill looks.
 */
export function withBadSignature(bill: SignedEBill): SignedEBill {
  rogueKey ??= ed25519KeyPairFromSeed(seededRandom('rogue-signer')).privateKeyPem;
  return signEBill(bill, { keyId: bill.signature.keyId, privateKey: rogueKey });
}

/** Replaces every bill in a response body (a bill list or a single bill). */
export function mapBills(body: unknown, change: (bill: SignedEBill) => unknown): unknown {
  if (isBillList(body)) return { ...body, bills: body.bills.map(change) };
  if (isBill(body)) return change(body);
  return body;
}

/**
 * The body text for a malformed answer. 'truncated-json': the JSON cut in half, as a dropped
 * connection behind a proxy leaves it. 'schema-violation': bills with amounts written as yuan
 * strings (the classic integration mistake), anything else wrapped in a vendor envelope.
 */
export function malformedBody(body: unknown, kind: 'truncated-json' | 'schema-violation'): string {
  const text = JSON.stringify(body);
  if (kind === 'truncated-json') return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  if (isBillList(body) || isBill(body)) return JSON.stringify(mapBills(body, amountsInYuan));
  return JSON.stringify({ code: 0, msg: '成功', data: body });
}

function amountsInYuan(bill: SignedEBill): unknown {
  return { ...bill, totalAmtFen: yuanText(bill.totalAmtFen), ownPayFen: yuanText(bill.ownPayFen) };
}

function yuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function isBillList(body: unknown): body is { status: 'issued'; bills: SignedEBill[] } {
  return typeof body === 'object' && body !== null && Array.isArray((body as { bills?: unknown }).bills);
}

function isBill(body: unknown): body is SignedEBill {
  return typeof body === 'object' && body !== null && 'signature' in body && 'listDetail' in body;
}
