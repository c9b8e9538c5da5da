import { normalizeLine } from './receipt-text';

/** A character as a recognition model read it: its probability, and what it found next likeliest ('' for nothing). */
export interface DoubtfulChar {
  text: string;
  p: number;
  runnerUp: string;
}

/**
 * Whether a model's doubt about the character at `index` is one the extraction cannot see: it
 * hesitated between two forms that normalizeLine makes one (（ or (, ： or :, ￥ or ¥, ， or ,:
 * NFKC), or over writing a space at all where normalizeLine drops the space anyway (between CJK
 * characters or brackets, beside a colon). A space between Latin words or digits, a bracket the
 * model might have left out, an O that might be a 0: all seen.
 */
export function doubtIsFolded(chars: readonly DoubtfulChar[], index: number): boolean {
  const char = chars[index];
  if (!char) return false;
  const spaceOrNothing = (s: string) => s.trim() === '';
  if (!spaceOrNothing(char.text))
    return char.runnerUp !== '' && normalizeLine(char.runnerUp) === normalizeLine(char.text);
  if (!spaceOrNothing(char.runnerUp)) return false;
  const texts = chars.map((c) => c.text);
  const without = [...texts.slice(0, index), ...texts.slice(index + 1)].join('');
  return normalizeLine(without) === normalizeLine(texts.join(''));
}

/**
 * Whether a line's reading could change what the extraction reads if a surer model read it again:
 * it has no characters at all, or a character below `below` whose doubt is not folded away
 * (doubtIsFolded).
 */
export function doubtsMatter(chars: readonly DoubtfulChar[], below: number): boolean {
  if (chars.length === 0) return true;
  return chars.some((c, i) => c.p < below && !doubtIsFolded(chars, i));
}
