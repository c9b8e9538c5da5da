import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { callerFromClaims } from '../../functions/shared/auth';
import { HANDLER_FILE, handlerBuildOptions } from '../../infra/bundling';

const outdir = mkdtempSync(join(tmpdir(), 'crossclaim-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const result = await build({
  ...handlerBuildOptions('test/infra/fixtures/zod-bundle-entry.ts', outdir),
  metafile: true,
});
const bundled = (await import(pathToFileURL(join(outdir, HANDLER_FILE)).href)) as {
  callerFromClaims: typeof callerFromClaims;
  numberIssue: () => string | undefined;
  englishLocale: () => unknown;
};
/** The modules with code in the bundle (metafile.inputs also lists what was parsed and dropped). */
const inputs = Object.values(result.metafile.outputs).flatMap((output) =>
  Object.entries(output.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input),
);

describe('infra: the handlers’ esbuild options (infra/bundling.ts)', () => {
  it('leave every zod locale but English out of the bundle', () => {
    const locales = inputs.filter((input) => input.includes('zod/v4/locales/'));
    expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
  });

  it('shake zod to what the code uses (no JSON Schema importer, no schema compiler)', () => {
    expect(
      inputs.filter((input) => /zod\/v4\/(classic\/from-json-schema|core\/compile)\.js$/.test(input)),
    ).toEqual([]);
    expect(inputs).toContain('node_modules/zod/v4/classic/schemas.js');
  });

  it('still give zod’s English messages and the project’s own, with the issue path', () => {
    expect(bundled.numberIssue()).toBe('Invalid input: expected number, received string');
    expect(bundled.callerFromClaims({ 'cognito:groups': ['citizen'], sub: 'nope' })).toEqual({
      problem: expect.stringMatching(/^the token's sub must be sha256:<64 hex digits>/),
    });
    expect(typeof bundled.englishLocale()).toBe('function');
  });
});
