import type { AdjudicationCase } from './adjudication-case';
import type { ClaimTerms, LineAmounts } from './adjudication';
import { formatYuanSign as y } from './money';
import type { ItemCategory } from './schema-primitives';

/** Every sentence a citizen reads comes in Chinese (first) and English. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** 8600 bp → "86%", 6880 bp → "68.8%". */
export function formatRatio(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

function join(parts: Bilingual[]): Bilingual {
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') };
}

function categoryPart(category: ItemCategory, selfPayFirstPct: number, a: LineAmounts): Bilingual {
  switch (category) {
    case 'C':
      return {
        zh: `丙类（自费）项目，不在报销范围内，个人自付 ${y(a.selfPayFen)}。`,
        en: `Category C (self-pay): not covered; you pay ${y(a.selfPayFen)}.`,
      };
    case 'B':
      return {
        zh: `乙类项目，个人先行自付 ${selfPayFirstPct}%（${y(a.selfPayFirstFen)}），其余 ${y(a.eligibleFen)} 纳入报销范围。`,
        en: `Category B: ${selfPayFirstPct}% self-paid first, ${y(a.selfPayFirstFen)}; ${y(a.eligibleFen)} is eligible.`,
      };
    case 'A':
      return {
        zh: `甲类项目，${y(a.eligibleFen)} 全额纳入报销范围。`,
        en: `Category A: all ${y(a.eligibleFen)} is eligible.`,
      };
  }
}

/** The reason for one line: what the category rule, the deductible, the ratio and the cap did to it. */
export function explainLine(
  category: ItemCategory,
  selfPayFirstPct: number,
  a: LineAmounts,
  ratioBp: number,
): Bilingual {
  const parts = [categoryPart(category, selfPayFirstPct, a)];
  if (a.deductibleFen > 0) {
    parts.push({
      zh: `其中 ${y(a.deductibleFen)} 计入起付线，由个人支付。`,
      en: `${y(a.deductibleFen)} of it goes to the deductible, which you pay.`,
    });
  }
  const aboveDeductible = a.eligibleFen - a.deductibleFen;
  if (aboveDeductible > 0) {
    const fundShare = a.benefitFen + a.overCapFen;
    parts.push({
      zh: `起付线以上 ${y(aboveDeductible)} 由基金按 ${formatRatio(ratioBp)} 支付 ${y(fundShare)}，个人负担 ${y(a.coinsuranceFen)}。`,
      en: `Of the ${y(aboveDeductible)} above the deductible the fund pays ${formatRatio(ratioBp)}, ${y(fundShare)}; your share is ${y(a.coinsuranceFen)}.`,
    });
  }
  if (a.overCapFen > 0) {
    parts.push({
      zh: `超出年度基金最高支付限额，${y(a.overCapFen)} 由个人承担。`,
      en: `Above the annual fund cap: ${y(a.overCapFen)} is yours to pay.`,
    });
  }
  parts.push({ zh: `本项报销 ${y(a.benefitFen)}。`, en: `Reimbursed: ${y(a.benefitFen)}.` });
  return join(parts);
}

const FILING_NAMES: Record<AdjudicationCase['encounter']['filingType'], Bilingual> = {
  long_term: { zh: '异地长期居住备案', en: 'registered long-term residence elsewhere' },
  transfer: { zh: '转诊备案', en: 'registered referral' },
  emergency: { zh: '急诊抢救', en: 'emergency treatment' },
  other_temp: { zh: '其他临时外出备案', en: 'registered temporary stay' },
  unfiled: { zh: '未办理异地就医备案', en: 'treated without cross-province registration' },
};

function deductibleNote(c: AdjudicationCase, t: ClaimTerms, totals: LineAmounts): Bilingual {
  if (t.deductibleDueFen === 0 && t.deductibleBaseFen === 0) {
    return { zh: '本次就医无起付线。', en: 'No deductible applies to this visit.' };
  }
  const seq = c.encounter.admissionSeqInYear;
  if (seq !== undefined && c.encounter.careType === 'inpatient' && t.deductibleFactorPct !== 100) {
    return {
      zh: `本年度第 ${seq} 次住院，起付线 ${y(t.deductibleBaseFen)} 按 ${t.deductibleFactorPct}% 计为 ${y(t.deductibleDueFen)}，本次实际计入 ${y(totals.deductibleFen)}。`,
      en: `Stay no. ${seq} this year: the ${y(t.deductibleBaseFen)} deductible counts at ${t.deductibleFactorPct}%, ${y(t.deductibleDueFen)}; ${y(totals.deductibleFen)} applied.`,
    };
  }
  if (t.deductibleDueFen < t.deductibleBaseFen) {
    return {
      zh: `年度起付线 ${y(t.deductibleBaseFen)} 已累计支付 ${y(t.deductibleBaseFen - t.deductibleDueFen)}，本次计入 ${y(totals.deductibleFen)}。`,
      en: `Of the ${y(t.deductibleBaseFen)} yearly deductible, ${y(t.deductibleBaseFen - t.deductibleDueFen)} was already met; ${y(totals.deductibleFen)} applied now.`,
    };
  }
  return {
    zh: `起付线 ${y(t.deductibleDueFen)}，本次计入 ${y(totals.deductibleFen)}。`,
    en: `Deductible ${y(t.deductibleDueFen)}; ${y(totals.deductibleFen)} applied.`,
  };
}

function ratioNote(c: AdjudicationCase, t: ClaimTerms): Bilingual {
  const level = c.encounter.hospitalLevel;
  const status =
    c.insured.status === 'retired' ? { zh: '退休', en: 'retired' } : { zh: '在职', en: 'working' };
  const filing = FILING_NAMES[c.encounter.filingType];
  const base = formatRatio(t.ratio.basePct * 100);
  const adj = t.ratio.adjustment;
  const head = {
    zh: `${status.zh}人员在 ${level} 级医院就医，基金支付比例 ${base}`,
    en: `${status.en} insured at a level-${level} hospital: the fund pays ${base}`,
  };
  if (adj.kind === 'none') return { zh: `${head.zh}（${filing.zh}）。`, en: `${head.en} (${filing.en}).` };
  const how =
    adj.kind === 'subtract_pts'
      ? { zh: `降低 ${adj.pts} 个百分点`, en: `cut by ${adj.pts} points` }
      : { zh: `按 ${adj.pct}% 计`, en: `scaled to ${adj.pct}%` };
  const now = formatRatio(t.ratio.bp);
  return {
    zh: `${head.zh}；因${filing.zh}，比例${how.zh}，为 ${now}。`,
    en: `${head.en}; ${filing.en}, so it is ${how.en}, to ${now}.`,
  };
}

function capNote(t: ClaimTerms, totals: LineAmounts): Bilingual | undefined {
  if (totals.overCapFen === 0) return undefined;
  return {
    zh: `年度基金最高支付限额 ${y(t.annualCapFen)}，本次就医前剩余 ${y(t.capLeftFen)}，超出部分 ${y(totals.overCapFen)} 由个人承担。`,
    en: `The annual fund cap is ${y(t.annualCapFen)}; ${y(t.capLeftFen)} was left before this visit, so ${y(totals.overCapFen)} above it is yours to pay.`,
  };
}

/** The claim-level notes of an explanation of benefits. */
export function explainClaim(c: AdjudicationCase, t: ClaimTerms, totals: LineAmounts): Bilingual[] {
  const notes = [deductibleNote(c, t, totals), ratioNote(c, t)];
  const cap = capNote(t, totals);
  if (cap) notes.push(cap);
  notes.push({
    zh: `合计：费用 ${y(totals.submittedFen)}，基金报销 ${y(totals.benefitFen)}，个人支付 ${y(totals.patientPaysFen)}。`,
    en: `In all: billed ${y(totals.submittedFen)}, reimbursed ${y(totals.benefitFen)}, you pay ${y(totals.patientPaysFen)}.`,
  });
  return notes;
}
