import type { BuildOptions } from 'esbuild';
import { zodEnglishOnly, zodNamespaceImports } from './bundling-zod';
import { REPO_ROOT } from './paths';

/**
 * How a handler is bundled: the one set of esbuild options infra/bundle-handler.ts builds each
 * Lambda function's package with (called by infra/constructs/handlers.ts at synth) and
 * bench/bundle-size/ measures, so the measured size is the deployed size.
 */

/**
 * Not bundled: the Node 22 Lambda runtime carries the AWS SDK v3 (its own version, which trails
 * the 3.1162.0 pinned here; the handlers use long-stable operations only: DynamoDB, Step
 * Functions, EventBridge, S3, SNS, Textract); tesseract.js starts a worker thread from its own
 * files and loads its WebAssembly core and traineddata from disk, so it cannot live inside one
 * bundle: infra/ocr-package.ts copies it next to the bundle (docs/deploy.md, "OCR packaging").
 * PaddleOCR (@gutenye/*, onnxruntime-node) likewise: onnxruntime-node is a native library, and the
 * models are files it opens.
 */
export const NOT_BUNDLED = [
  '@aws-sdk/*',
  'tesseract.js',
  '@tesseract.js-data/*',
  '@gutenye/*',
  'onnxruntime-node',
];

/** A CommonJS dependency's require() inside an ESM bundle needs a require to call. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

export const BUNDLE_TARGET = 'node22';
export const MAIN_FIELDS = ['module', 'main'];

/** The file Lambda loads (`index.handler`); `.mjs` makes Node treat it as ESM. */
export const HANDLER_FILE = 'index.mjs';

/** esbuild options for one handler (`entry` relative to the repository root) into `outdir`. */
export function handlerBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: MAIN_FIELDS,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: NOT_BUNDLED,
    banner: { js: ESM_REQUIRE_BANNER },
    plugins: [zodEnglishOnly, zodNamespaceImports],
    logLevel: 'error',
  };
}
