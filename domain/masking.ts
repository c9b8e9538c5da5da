import { labelOf, type MaskKind } from './data-classification';
import { maskIdNumber } from './identity';

/**
 * Masking of personal data for logs and screens (DESIGN §7: logs mask ID numbers, bank
 * accounts and names). Masking is for display; nothing masked is ever parsed back.
 */
export { maskIdNumber };

const REDACTED = '[redacted]';

/** '6222020200112233445' → '****3445'. A fixed prefix, so the length does not leak either. */
export function maskBankAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  if (digits.length <= 4) return '****';
  return `****${digits.slice(-4)}`;
}

/**
 * '张三' → '张*', '欧阳娜娜' → '欧***' (Chinese convention: the first character, one star per
 * other character); 'Test Zhang' → 'T***' (Latin names: first letter and a fixed '***').
 */
export function maskName(name: string): string {
  const characters = Array.from(name.trim());
  const first = characters[0];
  if (first === undefined) return '';
  if (isCjk(first)) return first + '*'.repeat(Math.max(characters.length - 1, 1));
  return `${first}***`;
}

function isCjk(character: string): boolean {
  return /\p{Script=Han}/u.test(character);
}

type Masker = (value: unknown) => unknown;

const maskString =
  (mask: (text: string) => string): Masker =>
  (value) =>
    typeof value === 'string' || typeof value === 'number' ? mask(String(value)) : REDACTED;

/** The masks that keep part of the text (the other kind, `redact`, keeps nothing). */
export const TEXT_MASKS: Readonly<Record<Exclude<MaskKind, 'redact'>, (text: string) => string>> = {
  idNumber: maskIdNumber,
  bankAccount: maskBankAccount,
  name: maskName,
};

const MASKERS: Readonly<Record<MaskKind, Masker>> = {
  idNumber: maskString(TEXT_MASKS.idNumber),
  bankAccount: maskString(TEXT_MASKS.bankAccount),
  name: maskString(TEXT_MASKS.name),
  redact: () => REDACTED,
};

/**
 * How a field is logged, from its classification label (domain/data-classification.ts): L1
 * and L2 as they are, L3 masked when its label gives a mask, L4 never in clear.
 */
function maskerOf(parent: string, key: string): Masker | undefined {
  const label = labelOf(parent, key);
  if (!label || label.level === 'L1' || label.level === 'L2') return undefined;
  if (label.mask) return MASKERS[label.mask];
  return label.level === 'L4' ? MASKERS.redact : undefined;
}

/**
 * A deep copy of `value` with the fields its classification labels call personal masked, for
 * logging. Plain objects and arrays are walked; other objects (Dates, Buffers, class
 * instances) are kept as they are. The input is never modified. Cycles become '[circular]'.
 */
export function redactPersonalData<T>(value: T): T {
  return redact(value, '', new Set()) as T;
}

/** `parent` is the key the value sits under: an array's elements sit under the array's key. */
function redact(value: unknown, parent: string, ancestors: Set<object>): unknown {
  if (Array.isArray(value)) {
    return withAncestor(value, ancestors, () => value.map((item) => redact(item, parent, ancestors)));
  }
  if (!isPlainObject(value)) return value;
  return withAncestor(value, ancestors, () => {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const masker = maskerOf(parent, key);
      // An absent value (null, undefined) says nothing about a person and stays as it is.
      copy[key] = masker && field != null ? masker(field) : redact(field, key, ancestors);
    }
    return copy;
  });
}

function withAncestor(value: object, ancestors: Set<object>, walk: () => unknown): unknown {
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    return walk();
  } finally {
    ancestors.delete(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
