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

function categoryPart(category: ItemCategory, selfPayFirstPct: number, a: LineAmounts): Bilingual {
  switch (category) {
    case 'C': {
      const selfPay = y(a.selfPayFen);
      return {
        zh: `丙类（自费）项目，不在报销范围内，个人自付 ${selfPay}。`,
        en: `Category C (self-pay): not covered; you pay ${selfPay}.`,
      };
    }
    case 'B': {
      const first = y(a.selfPayFirstFen);
      const eligible = y(a.eligibleFen);
      return {
        zh: `乙类项目，个人先行自付 ${selfPayFirstPct}%（${first}），其余 ${eligible} 纳入报销范围。`,
        en: `Category B: ${selfPayFirstPct}% self-paid first, ${first}; ${eligible} is eligible.`,
      };
    }
    case 'A': {
      const eligible = y(a.eligibleFen);
      return {
        zh: `甲类项目，${eligible} 全额纳入报销范围。`,
        en: `Category A: all ${eligible} is eligible.`,
      };
    }
  }
}

/**
 * The reason for one line: what the category rule, the deductible, the ratio and the cap did
 * to it. `ratioText` is the claim's fund ratio, formatted once per claim (formatRatio). Each
 * amount is formatted once and used in both languages: the text is most of the engine's time.
 */
export function explainLine(
  category: ItemCategory,
  selfPayFirstPct: number,
  a: LineAmounts,
  ratioText: string,
): Bilingual {
  const head = categoryPart(category, selfPayFirstPct, a);
  let zh = head.zh;
  let en = head.en;
  if (a.deductibleFen > 0) {
    const deductible = y(a.deductibleFen);
    zh += `其中 ${deductible} 计入起付线，由个人支付。`;
    en += ` ${deductible} of it goes to the deductible, which you pay.`;
  }
  const aboveDeductible = a.eligibleFen - a.deductibleFen;
  if (aboveDeductible > 0) {
    const above = y(aboveDeductible);
    const fundShare = y(a.benefitFen + a.overCapFen);
    const coinsurance = y(a.coinsuranceFen);
    zh += `起付线以上 ${above} 由基金按 ${ratioText} 支付 ${fundShare}，个人负担 ${coinsurance}。`;
    en += ` Of the ${above} above the deductible the fund pays ${ratioText}, ${fundShare}; your share is ${coinsurance}.`;
  }
  if (a.overCapFen > 0) {
    const overCap = y(a.overCapFen);
    zh += `超出年度基金最高支付限额，${overCap} 由个人承担。`;
    en += ` Above the annual fund cap: ${overCap} is yours to pay.`;
  }
  const benefit = y(a.benefitFen);
  if (a.seriousIllnessFen > 0) {
    const tier = y(a.seriousIllnessFen);
    zh += `个人负担的合规费用中，大病保险支付 ${tier}。`;
    en += ` Of what remained yours of the eligible cost, serious-illness insurance pays ${tier}.`;
    return {
      zh: `${zh}本项基本医保报销 ${benefit}，大病保险 ${tier}。`,
      en: `${en} Reimbursed: ${benefit} by the basic fund and ${tier} by serious-illness insurance.`,
    };
  }
  return { zh: `${zh}本项报销 ${benefit}。`, en: `${en} Reimbursed: ${benefit}.` };
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

/** Serious-illness insurance: where the claim stood against its threshold, what it paid, its cap. */
function seriousIllnessNote(t: ClaimTerms, totals: LineAmounts): Bilingual | undefined {
  const s = t.seriousIllness;
  if (!s) return undefined;
  const base = totals.deductibleFen + totals.coinsuranceFen + totals.overCapFen;
  const after = s.baseBeforeFen + base;
  const head = {
    zh: `大病保险：本年度合规自付费用累计 ${y(after)}（本次 ${y(base)}），起付线 ${y(s.thresholdFen)}`,
    en: `Serious-illness insurance: eligible self-paid costs this year ${y(after)} (${y(base)} now), threshold ${y(s.thresholdFen)}`,
  };
  if (totals.seriousIllnessFen === 0 && after <= s.thresholdFen)
    return {
      zh: `${head.zh}，未达起付线，大病保险不支付。`,
      en: `${head.en}: below it, so it pays nothing.`,
    };
  const capped = s.capLeftFen - totals.seriousIllnessFen === 0 && totals.seriousIllnessFen < base;
  return {
    zh: `${head.zh}，按分段比例支付 ${y(totals.seriousIllnessFen)}；年度限额 ${y(s.annualCapFen)}，本次前剩余 ${y(s.capLeftFen)}${capped ? '，已达限额' : ''}。`,
    en: `${head.en}; it pays ${y(totals.seriousIllnessFen)} by its bands; its annual cap is ${y(s.annualCapFen)}, ${y(s.capLeftFen)} was left before this visit${capped ? ', now reached' : ''}.`,
  };
}

/** The claim-level notes of an explanation of benefits. */
export function explainClaim(c: AdjudicationCase, t: ClaimTerms, totals: LineAmounts): Bilingual[] {
  const notes = [deductibleNote(c, t, totals), ratioNote(c, t)];
  const cap = capNote(t, totals);
  if (cap) notes.push(cap);
  const tier = seriousIllnessNote(t, totals);
  if (tier) notes.push(tier);
  notes.push(
    totals.seriousIllnessFen > 0
      ? {
          zh: `合计：费用 ${y(totals.submittedFen)}，基本医保报销 ${y(totals.benefitFen)}，大病保险支付 ${y(totals.seriousIllnessFen)}，个人支付 ${y(totals.patientPaysFen)}。`,
          en: `In all: billed ${y(totals.submittedFen)}, reimbursed ${y(totals.benefitFen)} by the basic fund and ${y(totals.seriousIllnessFen)} by serious-illness insurance, you pay ${y(totals.patientPaysFen)}.`,
        }
      : {
          zh: `合计：费用 ${y(totals.submittedFen)}，基金报销 ${y(totals.benefitFen)}，个人支付 ${y(totals.patientPaysFen)}。`,
          en: `In all: billed ${y(totals.submittedFen)}, reimbursed ${y(totals.benefitFen)}, you pay ${y(totals.patientPaysFen)}.`,
        },
  );
  return notes;
}

/** A line a clerk allowed less of: the disallowed amount and the clerk's reason come first. */
export function explainCap(disallowedFen: number, clerkReason: string, rest: Bilingual): Bilingual {
  const disallowed = y(disallowedFen);
  return {
    zh: `经办人核减 ${disallowed}（${clerkReason}），由个人支付。${rest.zh}`,
    en: `A clerk disallowed ${disallowed} (${clerkReason}), which you pay. ${rest.en}`,
  };
}
