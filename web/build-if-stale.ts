import { execFile } from 'node:child_process';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * Builds the web pages (Vite, into web/dist) when the build is missing or older than any of its
 * sources. `npm start` runs it first (prestart) and the browser tests before they start, so
 * neither serves stale pages and neither pays for a build it does not need (~3 s when it does).
 * A lock directory keeps two test workers from building at once.
 */

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
const DIST_INDEX = join(WEB_DIR, 'dist', 'index.html');
// Besides web/: the one module of the tree the pages import at run time (the rest is types only).
const SOURCES = [
  join(WEB_DIR, 'index.html'),
  join(WEB_DIR, 'vite.config.ts'),
  join(WEB_DIR, 'src'),
  join(WEB_DIR, '..', 'domain', 'rating-levels.ts'),
];
const LOCK = join(WEB_DIR, '.build-lock');
const LOCK_STALE_MS = 120_000;

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((e) => newestMtime(join(path, e))));
  return Math.max(info.mtimeMs, ...times);
}

async function isStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(DIST_INDEX)).mtimeMs;
  } catch {
    return true;
  }
  const sources = await Promise.all(SOURCES.map(newestMtime));
  return Math.max(...sources) > built;
}

async function withLock<T>(run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed build is taken over after a while.
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rmdir(LOCK).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await run();
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}

/** Builds web/dist if needed; says whether it built. */
export async function buildWebIfStale(): Promise<boolean> {
  if (!(await isStale())) return false;
  return withLock(async () => {
    if (!(await isStale())) return false; // another process built it while we waited
    // The package exports no bin path; its bin sits beside package.json.
    const vite = join(createRequire(import.meta.url).resolve('vite/package.json'), '..', 'bin', 'vite.js');
    await promisify(execFile)(
      process.execPath,
      [vite, 'build', '--config', join(WEB_DIR, 'vite.config.ts')],
      {
        cwd: join(WEB_DIR, '..'),
      },
    );
    return true;
  });
}

// `node --import tsx web/build-if-stale.ts` (npm prestart).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  if (await buildWebIfStale()) process.stdout.write(`web pages built in ${Date.now() - started} ms\n`);
}
