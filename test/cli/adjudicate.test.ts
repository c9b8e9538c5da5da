import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, repoPath, SHARED_CASE_IDS } from '../support/fixtures';
import { runCli } from '../support/run-cli';

const POLICY = repoPath('test/fixtures/shared/policies/jiaxing-employee-2026.json');
const caseFile = (id: string) => repoPath(`test/fixtures/shared/cases/${id}.json`);
const expected = readJson('test/fixtures/shared/cases/expected.json') as Record<
  string,
  Record<string, number>
>;

function writeCase(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('crossclaim adjudicate (DESIGN §9 contract)', () => {
  it('several cases: one JSON object per line, in order, with the expected figures', () => {
    const run = runCli(['adjudicate', '--policy', POLICY, ...SHARED_CASE_IDS.map(caseFile)]);
    expect(run.stderr).not.toMatch(/crossclaim:/);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(SHARED_CASE_IDS.length);
    lines.forEach((line, i) => {
      const result = JSON.parse(line) as Record<string, unknown> & { lines: unknown[] };
      const id = SHARED_CASE_IDS[i]!;
      expect(result).toMatchObject({ caseId: id, ...expected[id] });
      expect(result.lines.length).toBeGreaterThan(0);
    });
  });

  it('one case: one JSON object with per-line amounts and zh/en reasons', () => {
    const run = runCli(['adjudicate', '--policy', POLICY, caseFile('A')]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      lines: { benefitFen: number; reason: { zh: string; en: string } }[];
    };
    expect(result.lines[3]).toMatchObject({
      benefitFen: 464400,
      reason: { en: expect.stringContaining('Category B: 10% self-paid first, ¥600.00') },
    });
  });

  it('--format text prints the explanation a citizen reads', () => {
    const run = runCli(['adjudicate', '--format', 'text', '--policy', POLICY, caseFile('B')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('报销结算说明 / Explanation of benefits — B');
    expect(run.stdout).toMatch(/基金报销 Reimbursed\s+¥\s+12,996\.00/);
    expect(run.stdout).toContain('未办理异地就医备案');
  });

  it('a second region is just a policy file: the resident scheme adjudicates through the CLI', () => {
    const run = runCli([
      'adjudicate',
      '--policy',
      repoPath('policies/huzhou-resident-2026.json'),
      repoPath('test/fixtures/cases/huzhou-resident/R1.json'),
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ caseId: 'R1', benefitFen: 195000 });
  });

  it('bad input: exit code 2, each bad case named with field and reason, nothing on stdout for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossclaim-cli-'));
    const base = readJson('test/fixtures/shared/cases/A.json') as {
      caseId: string;
      encounter: Record<string, unknown>;
      items: Record<string, unknown>[];
    };
    const variant = (id: string, change: (doc: typeof base) => void) => {
      const doc = structuredClone(base);
      doc.caseId = id;
      change(doc);
      return writeCase(dir, `${id}.json`, doc);
    };
    const files = [
      variant('NEG', (d) => (d.items[0]!.amountFen = -1)),
      variant('FRAC', (d) => (d.items[1]!.amountFen = 10.5)),
      variant('CAT', (d) => (d.items[2]!.category = 'Z')),
      variant('LVL', (d) => (d.encounter.hospitalLevel = 4)),
      variant('DATE', (d) => (d.encounter.serviceDate = '2027-01-01')),
      variant('SEQ', (d) => delete d.encounter.admissionSeqInYear),
      writeCase(dir, 'broken.json', '{"caseId": "BROKEN", '),
      caseFile('O1'),
    ];
    const run = runCli(['adjudicate', '--policy', POLICY, ...files]);
    expect(run.status).toBe(2);
    const out = run.stdout.trim().split('\n');
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0]!)).toMatchObject({ caseId: 'O1' });
    const err = run.stderr;
    expect(err).toContain('case NEG (NEG.json): items[0].amountFen: must not be negative');
    expect(err).toContain('case FRAC (FRAC.json): items[1].amountFen: must be a whole number of fen');
    expect(err).toMatch(/case CAT \(CAT\.json\): items\[2\]\.category: .*"A"\|"B"\|"C"/);
    expect(err).toContain('case LVL (LVL.json): encounter.hospitalLevel: must be hospital level 1, 2 or 3');
    expect(err).toContain('case DATE (DATE.json): encounter.serviceDate: 2027-01-01 is outside');
    expect(err).toContain('case SEQ (SEQ.json): encounter.admissionSeqInYear: is required');
    expect(err).toMatch(/broken\.json: \(document\): malformed JSON/);
  });

  it('an invalid policy: exit code 2 and nothing adjudicated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossclaim-cli-'));
    const policy = writeCase(dir, 'policy.json', {
      ...(readJson('policies/jiaxing-employee-2026.json') as object),
      version: 0,
    });
    const run = runCli(['adjudicate', '--policy', policy, caseFile('A')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/policy .*policy\.json: version: /);
  });

  it('--help documents the command', () => {
    const run = runCli(['adjudicate', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--policy <policy.json>');
    expect(run.stdout).toContain('--format <format>');
  });
});
