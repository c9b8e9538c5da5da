/**
 * Money arrives from the API as integer fen. It is shown as yuan with two decimals by cutting
 * the digits of the integer, never by dividing: 0.1 + 0.2 problems cannot reach a payout.
 */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) return '—';
  const negative = fen < 0;
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${yuan}.${digits.slice(-2)}`;
}

/** '123.45' (what a clerk types) → 12345 fen, or undefined when it is not an amount. */
export function parseYuan(text: string): number | undefined {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const [, whole = '0', cents = ''] = match;
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

/** Fen as the plain yuan text an input shows: 12345 → '123.45'. */
export function fenToInput(fen: number): string {
  return formatFen(fen).replace(/[¥,]/g, '');
}
