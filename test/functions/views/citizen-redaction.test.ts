import { describe, expect, it } from 'vitest';
import {
  chainEntry,
  EMPTY_HEAD,
  type AuditEntry,
  type AuditHead,
  type ChainedAuditEntry,
} from '../../../domain/audit-chain';
import { historyView } from '../../../functions/views/case-record-views';
import { citizenReasons } from '../../../functions/views/citizen-redaction';

/** A history with what staff do on a case: assign, propose, return with a note, confirm with a note. */
function trail(): { claimId: string; entries: ChainedAuditEntry[]; head: AuditHead } {
  const claimId = 'C20260101ABCDEFGHJKMN';
  const raw: Omit<AuditEntry, 'claimId' | 'seq'>[] = [
    {
      at: '2026-01-01T00:00:00Z',
      actor: { role: 'clerk', sub: 'clerk-jx-7' },
      action: 'case.updated',
      after: { assignee: 'clerk-jx-7' },
    },
    {
      at: '2026-01-01T00:01:00Z',
      actor: { role: 'clerk', sub: 'clerk-jx-7' },
      action: 'case.updated',
      after: { pendingCheck: { decision: 'approve', makerId: 'clerk-jx-7', benefitFen: 1 } },
    },
    {
      at: '2026-01-01T00:02:00Z',
      actor: { role: 'clerk', sub: 'checker-jx-9' },
      action: 'case.updated',
      after: { returnedCheck: { makerId: 'clerk-jx-7', checkerId: 'checker-jx-9', note: '内部：金额可疑' } },
    },
    {
      at: '2026-01-01T00:03:00Z',
      actor: { role: 'admin', sub: 'admin-ops-1' },
      action: 'decision.recorded',
      after: {
        decision: {
          decision: 'approve',
          clerkId: 'clerk-jx-7',
          checkedBy: 'checker-jx-9',
          checkNote: '内部备注',
          note: '已核实',
        },
      },
    },
    {
      at: '2026-01-01T00:04:00Z',
      actor: { role: 'supervisor', sub: 'sup-jx-1' },
      action: 'case.updated',
      after: { status: 'IN_REVIEW' },
    },
  ];
  let head = EMPTY_HEAD;
  const entries = raw.map((e) => {
    const chained = chainEntry(head, { ...e, claimId });
    head = chained.head;
    return chained.entry;
  });
  return { claimId, entries, head };
}

describe('citizen views: no staff identity, no internal note, no other claim', () => {
  it('the history a citizen reads names no member of staff and carries no checker’s note', () => {
    const seen = JSON.stringify(historyView(trail(), 'citizen'));
    for (const secret of ['clerk-jx-7', 'checker-jx-9', 'admin-ops-1', 'sup-jx-1', '内部'])
      expect(seen).not.toContain(secret);
    expect(seen).toContain('已核实'); // the clerk's reason to the citizen stays
    const staff = JSON.stringify(historyView(trail(), 'staff'));
    for (const id of ['clerk-jx-7', 'checker-jx-9', 'admin-ops-1', '内部']) expect(staff).toContain(id);
  });

  it('a duplicate finding shows the citizen that the bill was claimed, not by which claim', () => {
    const [shown] = citizenReasons([
      {
        code: 'ALREADY_REIMBURSED',
        zh: '已报销',
        en: 'x',
        detail: '12345678#0000000001 by claim C20260101ABCDEFGHJKMN',
      },
    ]);
    expect(shown?.detail).toBe('12345678#0000000001 by another claim');
  });
});
