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

/** Keys whose value is sensitive wherever they appear. */
const SENSITIVE_KEYS: Readonly<Record<string, Masker>> = {
  idNumber: maskString(maskIdNumber),
  // A plain hash of an ID number can be brute-forced (see hashIdNumber), so it is redacted too.
  idNumberHash: () => REDACTED,
  bankAccount: maskString(maskBankAccount),
  accountNo: maskString(maskBankAccount),
  phone: maskString(maskBankAccount),
  mobile: maskString(maskBankAccount),
  diagnosis: () => REDACTED,
  diagnoses: () => REDACTED,
  payerName: maskString(maskName),
  patientName: maskString(maskName),
  insuredName: maskString(maskName),
  fullName: maskString(maskName),
  accountName: maskString(maskName),
  holderName: maskString(maskName),
};

/**
 * A bare `name` is only a person's name inside an object that stands for a person; item and
 * hospital names stay readable in logs.
 */
const PERSON_KEYS: ReadonlySet<string> = new Set([
  'payer',
  'patient',
  'insured',
  'citizen',
  'person',
  'beneficiary',
  'holder',
  'accountHolder',
  'payee',
  'applicant',
]);

/**
 * A deep copy of `value` with known sensitive fields masked, for logging. Plain objects and
 * arrays are walked; other objects (Dates, Buffers, class instances) are kept as they are.
 * The input is never modified. Cycles become '[circular]'.
 */
export function redactPersonalData<T>(value: T): T {
  return redact(value, false, new Set()) as T;
}

function redact(value: unknown, insidePerson: boolean, ancestors: Set<object>): unknown {
  if (Array.isArray(value)) {
    return withAncestor(value, ancestors, () => value.map((item) => redact(item, insidePerson, ancestors)));
  }
  if (!isPlainObject(value)) return value;
  return withAncestor(value, ancestors, () => {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const masker =
        SENSITIVE_KEYS[key] ?? (insidePerson && key === 'name' ? maskString(maskName) : undefined);
      // An absent value (null, undefined) says nothing about a person and stays as it is.
      copy[key] = masker && field != null ? masker(field) : redact(field, PERSON_KEYS.has(key), ancestors);
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
