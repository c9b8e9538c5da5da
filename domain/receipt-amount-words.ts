/**
 * The total in Chinese capitals (大写) as a check on the total in figures. The two are
 * different glyphs printed side by side, so OCR errors in one are independent of errors in the
 * other: figures whose capitals agree are near-certain. OCR reads the rarer capitals (柒, 捌,
 * 肆, 叁) badly, often as some other character, so parsing the words into a number fails more
 * often than not; instead the words are *compared* with what the figures would print as. An
 * unreadable character is a gap, not a contradiction; a capital that reads as a different
 * capital (陆 where 伍 should be) is a contradiction. A gap where a digit should be is a digit
 * the words do not confirm, so a figure misread there would pass: confidence falls per gap.
 */

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'] as const;
/** Every character a total in capitals is made of. */
const ALPHABET = new Set([...DIGITS, ...'拾佰仟万亿元角分整']);

/** 10854 → 壹佰零捌元伍角肆分; 2000 → 贰拾元整 (the usual financial style). */
export function amountInWords(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  const four = (n: number): string => {
    let s = '';
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const d = Math.floor(n / 10 ** i) % 10;
      if (d === 0) zero = s !== '';
      else {
        if (zero) s += '零';
        zero = false;
        s += (DIGITS[d] ?? '') + UNITS[i];
      }
    }
    return s;
  };
  let out = '';
  if (yuan === 0) out = '零';
  else {
    const wan = Math.floor(yuan / 10_000);
    const rest = yuan % 10_000;
    if (wan > 0) out += `${four(wan)}万${rest > 0 && rest < 1000 ? '零' : ''}`;
    if (rest > 0) out += four(rest);
  }
  out += '元';
  if (jiao === 0 && cents === 0) return `${out}整`;
  out += jiao > 0 ? `${DIGITS[jiao] ?? ''}角` : '零';
  if (cents > 0) out += `${DIGITS[cents] ?? ''}分`;
  return out;
}

export interface WordsAgreement {
  /** For each character of the words `fen` prints as: did the OCR text have it, in its place? */
  matched: boolean[];
  /** A capital read where a different one should be: the words say another amount. */
  contradicted: boolean;
}

const CONTRADICTION = 100;

/**
 * Aligns the OCR text of the words with the words `fen` prints as (edit distance): a matching
 * character costs 0, an unreadable, missing or extra one 1, a different capital 100 (a
 * contradiction). 参 is taken for 叁 (a common variant of the capital, and how OCR reads it).
 */
export function compareAmountInWords(ocrText: string, fen: number): WordsAgreement {
  const read = [
    ...ocrText.normalize('NFKC').replace(/圆/g, '元').replace(/正/g, '整').replace(/参/g, '叁'),
  ].filter((ch) => /[\u3400-\u9fff]/.test(ch));
  const expected = [...amountInWords(fen)];
  const cols = expected.length + 1;
  const cost = new Float64Array((read.length + 1) * cols);
  for (let j = 1; j <= expected.length; j++) cost[j] = j;
  const extraCost = (ch: string) => (ALPHABET.has(ch) ? CONTRADICTION : 1);
  const substituteCost = (ch: string, want: string | undefined) =>
    ch === want ? 0 : ALPHABET.has(ch) ? CONTRADICTION : 1;
  for (let i = 1; i <= read.length; i++) {
    const ch = read[i - 1] ?? '';
    cost[i * cols] = (cost[(i - 1) * cols] ?? 0) + extraCost(ch);
    for (let j = 1; j <= expected.length; j++) {
      cost[i * cols + j] = Math.min(
        (cost[(i - 1) * cols + j - 1] ?? 0) + substituteCost(ch, expected[j - 1]),
        (cost[(i - 1) * cols + j] ?? 0) + extraCost(ch),
        (cost[i * cols + j - 1] ?? 0) + 1,
      );
    }
  }
  // Walk back along a cheapest path, marking the expected characters read exactly.
  const matched = expected.map(() => false);
  let i = read.length;
  let j = expected.length;
  while (i > 0 && j > 0) {
    const here = cost[i * cols + j] ?? 0;
    const ch = read[i - 1] ?? '';
    if (here === (cost[(i - 1) * cols + j - 1] ?? 0) + substituteCost(ch, expected[j - 1])) {
      if (ch === expected[j - 1]) matched[j - 1] = true;
      i--;
      j--;
    } else if (here === (cost[(i - 1) * cols + j] ?? 0) + extraCost(ch)) i--;
    else j--;
  }
  return { matched, contradicted: (cost[read.length * cols + expected.length] ?? 0) >= CONTRADICTION };
}

/**
 * Several reads of the words against one amount: a character counts as read when any read has
 * it (an enlarged re-read often gets what the page read missed). `gaps` = characters no read
 * has; contradicted when every read that says anything says another amount.
 */
export function wordsSupport(texts: readonly string[], fen: number): { gaps: number; contradicted: boolean } {
  const comparisons = texts.map((t) => compareAmountInWords(t, fen));
  const length = amountInWords(fen).length;
  const clean = comparisons.filter((c) => !c.contradicted);
  let gaps = length;
  if (clean.length > 0) {
    gaps = 0;
    for (let k = 0; k < length; k++) if (!clean.some((c) => c.matched[k])) gaps++;
  }
  return { gaps, contradicted: comparisons.length > 0 && clean.length === 0 };
}
