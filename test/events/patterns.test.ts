import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../events/patterns';
import { compileEventPattern } from '../../local/eventbridge/pattern-matcher';
import { readJson, repoPath } from '../support/fixtures';

const sampleFiles = readdirSync(repoPath('events/samples')).filter((file) => file.endsWith('.json'));
const sample = (file: string): Record<string, unknown> =>
  readJson(`events/samples/${file}`) as Record<string, unknown>;

/** Which samples each rule is there for; every other sample must pass it by. */
const MEANT_FOR: Record<string, string[]> = {
  'ingest-hospital-ebills': ['ebill-issued.json', 'ebill-voided.json'],
  'notify-review-escalations': ['review-escalated.json'],
  'feed-dashboard': [
    'claim-paid.json',
    'claim-rejected.json',
    'claim-status-changed.json',
    'claim-submitted.json',
    'review-escalated.json',
  ],
};

describe('the rules of events/patterns.ts', () => {
  it('are the rules this table describes', () => {
    expect(RULES.map((rule) => rule.name).sort()).toEqual(Object.keys(MEANT_FOR).sort());
  });

  it.each(RULES.map((rule) => [rule.name, rule] as const))(
    '%s matches the sample events it is meant for, and no other',
    (name, rule) => {
      const pattern = compileEventPattern(rule.pattern);

      const matching = sampleFiles.filter((file) => pattern.matches(sample(file)));

      expect(matching.sort()).toEqual(MEANT_FOR[name]);
    },
  );

  it('have names EventBridge accepts, each once', () => {
    const names = RULES.map((rule) => rule.name);

    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
  });

  it('send hospital events to ingest whatever the hospital, but not look-alike sources', () => {
    const ingest = compileEventPattern(RULES.find((rule) => rule.name === 'ingest-hospital-ebills')!.pattern);
    const issued = sample('ebill-issued.json');

    expect(ingest.matches({ ...issued, source: 'hospital.H44010600002' })).toBe(true);
    expect(ingest.matches({ ...issued, source: 'hospitals.H44010600002' })).toBe(false);
    expect(ingest.matches({ ...issued, source: 'crossclaim.claims' })).toBe(false);
  });
});
