import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { handlerBuildOptions } from './bundling';
import { copyOcrRuntime } from './ocr-package';
import { REPO_ROOT } from './paths';

/**
 * Bundles one handler into a Lambda package folder:
 *
 *   node --import tsx infra/bundle-handler.ts <entry> <outdir> [--with-policies] [--with-ocr]
 *
 * CDK's local bundling hook is synchronous and esbuild's plugins need its asynchronous API, so
 * infra/constructs/handlers.ts runs this as a child process per function. `--with-policies` copies
 * policies/*.json next to the bundle (the functions that read POLICIES_DIR); `--with-ocr` copies
 * tesseract.js and the chi_sim traineddata into the package (infra/ocr-package.ts).
 */
const [entry, outdir, ...flags] = process.argv.slice(2);
if (!entry || !outdir) {
  process.stderr.write('usage: bundle-handler.ts <entry> <outdir> [--with-policies] [--with-ocr]\n');
  process.exit(2);
}
await build(handlerBuildOptions(entry, outdir));
if (flags.includes('--with-policies')) {
  // A region is a JSON file: the files go next to the bundle, read from POLICIES_DIR.
  const policies = join(REPO_ROOT, 'policies');
  mkdirSync(join(outdir, 'policies'), { recursive: true });
  for (const file of readdirSync(policies).filter((name) => name.endsWith('.json'))) {
    cpSync(join(policies, file), join(outdir, 'policies', file));
  }
  // Serious-illness tier files of policies kept verbatim (adapters/policy-files.ts).
  cpSync(join(policies, 'serious-illness'), join(outdir, 'policies', 'serious-illness'), { recursive: true });
}
if (flags.includes('--with-ocr')) copyOcrRuntime(outdir);
