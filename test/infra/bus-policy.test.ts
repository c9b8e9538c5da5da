import { describe, expect, it } from 'vitest';
import { synthesizedStack } from './support';

describe('infra: the event bus policy lets each hospital publish only as itself', () => {
  it('grants a hospital account PutEvents for its own source, by exact match', () => {
    const { template } = synthesizedStack();
    const policies = template.findResources('AWS::Events::EventBusPolicy');
    const statements = Object.values(policies).map(
      (p) => (p as { Properties: { Statement: Record<string, unknown> } }).Properties.Statement,
    );
    expect(statements).toHaveLength(2);
    for (const [code, account] of [
      ['H33040200001', '111122223333'],
      ['H31010500001', '444455556666'],
    ] as const) {
      const mine = statements.filter((s) => JSON.stringify(s.Principal).includes(account));
      expect(mine).toHaveLength(1);
      expect(mine[0]?.Condition).toEqual({ StringEquals: { 'events:source': `hospital.${code}` } });
    }
    // No wildcard source for anyone.
    expect(JSON.stringify(statements)).not.toContain('hospital.*');
  });
});
