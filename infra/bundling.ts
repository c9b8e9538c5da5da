/**
 * How a handler is bundled: the options infra/constructs/handlers.ts gives NodejsFunction and
 * bench/bundle-size/ gives esbuild directly, so the measured size is the deployed size.
 */

/**
 * Not bundled: the Node 22 Lambda runtime carries the AWS SDK v3; tesseract.js starts a worker
 * thread from its own files and loads its WebAssembly core and traineddata from disk, so it
 * cannot live inside one bundle (docs/deploy.md, "OCR packaging").
 */
export const NOT_BUNDLED = ['@aws-sdk/*', 'tesseract.js', '@tesseract.js-data/*'];

/** A CommonJS dependency's require() inside an ESM bundle needs a require to call. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

export const BUNDLE_TARGET = 'node22';
export const MAIN_FIELDS = ['module', 'main'];
