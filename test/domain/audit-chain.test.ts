import { describe, expect, it } from 'vitest';
import {
  EMPTY_HEAD,
  GENESIS_HASH,
  chainEntry,
  hashEntry,
  verifyChain,
  type AuditHead,
  type ChainedAuditEntry,
} from '../../domain/audit-chain';

const CLAIM = 'C20260305AUDIT0000001';

/** A chain of n entries, as the store would write them. */
function chain(n: number): { entries: ChainedAuditEntry[]; head: AuditHead } {
  let head = EMPTY_HEAD;
  const entries: ChainedAuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const next = chainEntry(head, {
      claimId: CLAIM,
      at: `2026-03-05T09:00:0${i}.000Z`,
      actor: { role: 'system', sub: `Step${i}` },
      action: 'status.changed',
      before: { status: 'SUBMITTED', reasonCodes: [] },
      after: { status: 'FETCHING', benefitFen: i * 100, decision: { note: '说明' } },
    });
    entries.push(next.entry);
    head = next.head;
  }
  return { entries, head };
}

describe('audit chain: sha256 over the previous hash and the RFC 8785 canonical entry', () => {
  it('links each entry to the one before, starting from the genesis hash', () => {
    const { entries, head } = chain(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(head).toEqual({ auditSeq: 3, auditHead: entries[2]?.hash });
    expect(verifyChain(CLAIM, entries, head)).toEqual({
      ok: true,
      claimId: CLAIM,
      entries: 3,
      head: head.auditHead,
    });
  });

  it('hashes the canonical form: the order of keys does not matter, their values do', () => {
    const { entries } = chain(1);
    const entry = entries[0];
    if (!entry) throw new Error('no entry');
    const reordered = {
      before: entry.before,
      after: entry.after,
      action: entry.action,
      actor: { sub: entry.actor.sub, role: 'system' as const },
      at: entry.at,
      seq: 1,
      claimId: CLAIM,
    };
    expect(hashEntry(GENESIS_HASH, reordered)).toBe(entry.hash);
    expect(hashEntry(GENESIS_HASH, { ...reordered, after: { ...entry.after, benefitFen: 1 } })).not.toBe(
      entry.hash,
    );
  });

  it('names the first changed entry', () => {
    const { entries, head } = chain(4);
    const edited = entries.map((e) =>
      e.seq === 2 ? { ...e, after: { ...e.after, benefitFen: 999_999 } } : e,
    );
    expect(verifyChain(CLAIM, edited, head)).toMatchObject({
      ok: false,
      brokenAt: 2,
      problem: expect.stringMatching(/changed/),
    });
  });

  it('catches an entry rewritten with a recomputed hash: the next one no longer links to it', () => {
    const { entries, head } = chain(4);
    const second = entries[1];
    if (!second) throw new Error('no entry');
    const forged = { ...second, actor: { role: 'clerk' as const, sub: 'someone-else' } };
    const rehashed = { ...forged, hash: hashEntry(forged.prevHash, forged) };
    const edited = entries.map((e) => (e.seq === 2 ? rehashed : e));
    expect(verifyChain(CLAIM, edited, head)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('catches a removed entry, a removed tail, an entry added outside the chain and a moved entry', () => {
    const { entries, head } = chain(4);
    expect(
      verifyChain(
        CLAIM,
        entries.filter((e) => e.seq !== 3),
        head,
      ),
    ).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verifyChain(CLAIM, entries.slice(0, 3), head)).toMatchObject({ ok: false, brokenAt: 4 });
    expect(verifyChain(CLAIM, entries, { auditSeq: 3, auditHead: entries[2]?.hash ?? '' })).toMatchObject({
      ok: false,
      brokenAt: 4,
    });
    expect(verifyChain('C20260305AUDIT0000002', entries, head)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('treats a case without history as broken, not as verified', () => {
    expect(verifyChain(CLAIM, [], undefined)).toMatchObject({ ok: false, brokenAt: 1 });
    expect(verifyChain(CLAIM, [], {})).toMatchObject({ ok: false, brokenAt: 1 });
  });
});
