import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeClosure } from '../../infra/ocr-package';
import { REPO_ROOT } from '../../infra/paths';

/**
 * What each engine adds to a function package: the packages it needs at run time (the same
 * closure infra/ocr-package.ts copies) and their size on disk, all platforms as installed and
 * linux-x64 only (what a Lambda needs: onnxruntime-node ships darwin/win32/arm64 libraries too).
 */

const OTHER_PLATFORMS = /[/\\]napi-v\d+[/\\](darwin|win32|linux[/\\]arm64)([/\\]|$)/;

function sizeOf(path: string, skip?: RegExp): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (skip?.test(full)) continue;
    if (entry.isDirectory()) total += sizeOf(full, skip);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

export interface PackageSize {
  packages: number;
  allPlatformsMB: number;
  linuxX64MB: number;
  largest: { name: string; mb: number }[];
}

export function packageSize(roots: readonly string[]): PackageSize {
  const nodeModules = join(REPO_ROOT, 'node_modules');
  const names = runtimeClosure(roots, nodeModules);
  const sizes = names.map((name) => ({
    name,
    all: sizeOf(join(nodeModules, name)),
    linux: sizeOf(join(nodeModules, name), OTHER_PLATFORMS),
  }));
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  return {
    packages: names.length,
    allPlatformsMB: mb(sizes.reduce((s, p) => s + p.all, 0)),
    linuxX64MB: mb(sizes.reduce((s, p) => s + p.linux, 0)),
    largest: sizes
      .sort((a, b) => b.linux - a.linux)
      .slice(0, 4)
      .map((p) => ({ name: p.name, mb: mb(p.linux) })),
  };
}
