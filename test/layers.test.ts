import { cruise } from 'dependency-cruiser';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAYER_RULES } from '../dependency-cruiser.config.mjs';

/** The rules of dependency-cruiser.config.mjs, run on a tree; the violations as "rule: from → to". */
async function violationsIn(baseDir: string, folders: string[]): Promise<string[]> {
  const { output } = await cruise(
    folders,
    {
      baseDir,
      ruleSet: { forbidden: LAYER_RULES },
      validate: true,
      doNotFollow: { path: 'node_modules' },
      tsPreCompilationDeps: true,
    },
    { extensions: ['.ts', '.mjs', '.js'] },
  );
  if (typeof output === 'string') throw new Error('expected a cruise result, got text');
  // A package is named by its name, wherever it resolved to.
  const named = (to: string) => to.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'package $1');
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${named(v.to)}`).sort();
}

describe('layer rules (dependency-cruiser)', () => {
  it('report every deliberate break in the fixture tree, and nothing it allows', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/layers', import.meta.url));
    const found = await violationsIn(fixture, ['domain', 'adapters', 'infra', 'local', 'functions']);
    expect(found).toEqual(
      [
        'adapters-not-upward: adapters/store.ts → functions/pay-out.ts',
        'api-schemas-reach-no-node: domain/api/claim-view.ts → crypto',
        'domain-imports-only-domain: domain/leaky.ts → adapters/store.ts',
        'domain-no-cloud-or-runtime-packages: domain/cloudy.ts → package @aws-sdk/lib-dynamodb',
        'domain-no-io: domain/leaky.ts → fs',
        'infra-not-local: infra/stack.ts → local/start.ts',
        'no-handler-imports-a-handler: functions/pay-out.ts → functions/adjudicate.ts',
        'support-not-handlers: functions/services/payouts.ts → functions/adjudicate.ts',
        'views-are-shapes: functions/views/claim-view.ts → functions/services/payouts.ts',
      ].sort(),
    );
  }, 60_000);
});
