import type { AdjudicationResult } from './adjudication';
import { formatYuan } from './money';
import { formatRatio } from './explanation';

const CATEGORY_LABEL = { A: '甲 A', B: '乙 B', C: '丙 C' } as const;

function pad(text: string, width: number): string {
  // CJK characters take two columns in a terminal.
  const columns = [...text].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - columns));
}

function money(fen: number): string {
  return formatYuan(fen).padStart(12);
}

/**
 * The explanation of benefits a citizen reads (费用结算说明 / explanation of benefits):
 * each line with its amounts and reason, then the claim-level notes and the totals.
 */
export function renderExplanationText(r: AdjudicationResult): string {
  const out: string[] = [];
  out.push(`报销结算说明 / Explanation of benefits — ${r.caseId}`);
  out.push(
    `政策 Policy: ${r.policyId} v${r.policyVersion} · ${r.careType === 'inpatient' ? '住院 inpatient' : '门诊 outpatient'} · 基金支付比例 fund ratio ${formatRatio(r.ratioBp)}`,
  );
  out.push('');
  out.push(
    `${pad('#  项目 Item', 44)}${pad('类别', 6)}${'费用 Billed'.padStart(12)}${'可报 Eligible'.padStart(14)}${'报销 Paid'.padStart(12)}`,
  );
  for (const l of r.lines) {
    out.push(
      `${pad(`${String(l.seq).padEnd(3)}${l.name}`, 44)}${pad(CATEGORY_LABEL[l.category], 6)}${money(l.submittedFen)}${money(l.eligibleFen).padStart(14)}${money(l.benefitFen)}`,
    );
    out.push(`     ${l.reason.zh}`);
    out.push(`     ${l.reason.en}`);
  }
  out.push('');
  for (const n of r.notes) {
    out.push(`• ${n.zh}`);
    out.push(`  ${n.en}`);
  }
  out.push('');
  const rows: [string, number][] = [
    ['费用合计 Billed', r.submittedFen],
    ['丙类自费 Not covered (C)', r.selfPayFen],
    ['乙类先行自付 Paid first (B)', r.selfPayFirstFen],
    ['纳入报销范围 Eligible', r.eligibleFen],
    ['起付线 Deductible', r.deductibleFen],
    ['个人按比例负担 Your share above it', r.coinsuranceFen],
    ['超出年度限额 Above the annual cap', r.overCapFen],
    ['基金报销 Reimbursed', r.benefitFen],
    ['个人支付 You pay', r.patientPaysFen],
  ];
  for (const [label, fen] of rows) out.push(`${pad(label, 40)}¥${money(fen)}`);
  return out.join('\n');
}
