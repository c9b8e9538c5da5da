import { wordsSupport } from './receipt-amount-words';
import { parseAmountInWords, type ReadField } from './receipt-reading';

/**
 * The total of a receipt from everything the page says about it: one or more reads of the
 * figures (合计(小写) ¥108.54), one or more reads of the words (合计(大写) 壹佰零捌元伍角肆分), and
 * the sum of the items read. The money is what decides whether anything is paid, so the total
 * is trusted (≥ 0.8) only when something independent confirms it: the words, the items, or a
 * second read of the figures that agrees. A total is never made up from the items alone.
 */

export interface TotalEvidence {
  figures: { fen: number; confidence: number }[];
  /** OCR text of the words after the label (may hold misread characters). */
  words: { text: string; confidence: number }[];
  itemsSum?: number;
}

const round = (c: number) => Math.round(Math.max(0, Math.min(1, c)) * 1000) / 1000;
const field = (value: number, confidence: number): ReadField<number> => ({
  value,
  confidence: round(confidence),
});

/** Two reads that agree: wrong only if both are (taken as independent, which is optimistic). */
const bothWrong = (cs: number[]) => 1 - cs.reduce((p, c) => p * (1 - c), 1);

/** Figures the words confirm character for character; one unconfirmed character costs 0.1. */
const CONFIRMED = 0.99;
const PER_GAP = 0.1;
const MAX_GAPS = 1;
/** A single unconfirmed read stays below the review bar, whatever the OCR says of it. */
const UNCONFIRMED_CAP = 0.75;
const IN_DOUBT = 0.5;

export function decideTotal(evidence: TotalEvidence): ReadField<number> {
  const candidates = new Map<number, number[]>();
  for (const f of evidence.figures) candidates.set(f.fen, [...(candidates.get(f.fen) ?? []), f.confidence]);
  const texts = evidence.words.map((w) => w.text);
  const wordsValues = texts
    .map((t) => parseAmountInWords(t.replace(/[^\u3400-\u9fff]/g, '').replace(/参/g, '叁')))
    .filter((v): v is number => v !== undefined);
  const judged = [...candidates].map(([fen, reads]) => ({
    fen,
    reads,
    ...(texts.length > 0 ? wordsSupport(texts, fen) : { gaps: Infinity, contradicted: false }),
  }));

  // Best first: not contradicted by the words, fewest characters the words do not confirm,
  // read most often, read most surely.
  const ranked = [...judged].sort(
    (a, b) =>
      Number(a.contradicted) - Number(b.contradicted) ||
      a.gaps - b.gaps ||
      b.reads.length - a.reads.length ||
      Math.max(...b.reads) - Math.max(...a.reads),
  );
  const best = ranked[0];
  const confirmed = ranked.filter((c) => !c.contradicted && c.gaps <= MAX_GAPS);
  // The words and the items both say so: as sure as it gets.
  const withItems = confirmed.find((c) => c.fen === evidence.itemsSum);
  if (withItems) return field(withItems.fen, CONFIRMED);
  if (best && confirmed[0] === best) {
    // Two figure readings that both fit the words equally well: do not pick one.
    const ambiguous = confirmed.some((c) => c !== best && c.gaps === best.gaps);
    return field(best.fen, ambiguous ? IN_DOUBT : CONFIRMED - PER_GAP * best.gaps);
  }
  // The figures misread (a digit lost in the "¥"), but the words and the items agree.
  const wordsAndItems = wordsValues.find((w) => w === evidence.itemsSum);
  if (wordsAndItems !== undefined) return field(wordsAndItems, 0.95);

  if (best) {
    const read = bothWrong(best.reads);
    const rivals = ranked.filter((c) => c !== best && !c.contradicted);
    // Words that say another amount, or figures read two ways the words cannot tell apart.
    if (best.contradicted || wordsValues.some((w) => w !== best.fen) || rivals.length > 0)
      return field(best.fen, Math.min(read, IN_DOUBT));
    if (evidence.itemsSum === best.fen) return field(best.fen, Math.max(read, 0.95));
    if (best.reads.length > 1) return field(best.fen, Math.min(read, 0.9));
    return field(best.fen, Math.min(read * 0.9, UNCONFIRMED_CAP));
  }

  // No figures: the words, if they read as an amount, or the items' sum if the words confirm it
  // (two sources; the items alone are never the total).
  const fromWords = wordsValues[0];
  if (fromWords !== undefined) {
    const read = Math.min(...evidence.words.map((w) => w.confidence));
    return field(fromWords, evidence.itemsSum === fromWords ? Math.max(read, 0.9) : Math.min(read, 0.6));
  }
  if (evidence.itemsSum !== undefined && texts.length > 0) {
    const support = wordsSupport(texts, evidence.itemsSum);
    if (!support.contradicted && support.gaps <= MAX_GAPS)
      return field(evidence.itemsSum, 0.9 - PER_GAP * support.gaps);
  }
  return { value: null, confidence: 0 };
}
