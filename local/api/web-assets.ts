import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaticAsset } from './docs-page';

/**
 * The web pages (web/, built by Vite into web/dist) served by the local API server at /, the
 * way S3 behind CloudFront serves them on AWS: files by path with their content type, hashed
 * assets cached for good, and index.html (never cached) for any other page path, so a page
 * reloaded at /citizen still opens the app (SPA fallback).
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The pages load scripts, styles and fonts from this origin only and talk to this API only;
 * receipt images are shown from blob: URLs made from bytes the API returned.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_HEADERS = {
  'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
};

/** Where `npm run build:web` puts the pages. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface WebAssets {
  /** The asset for a GET path, or undefined when the path is not the web app's. */
  assetAt(path: string, accept: string | undefined): Promise<StaticAsset | undefined>;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves `root` (web/dist). A missing build answers the page paths with a note saying how to build. */
export function webAssets(root: string): WebAssets {
  const base = resolve(root);
  const indexPath = join(base, 'index.html');

  const fileAt = (path: string): string | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const full = resolve(join(base, decoded));
    // Nothing outside the build folder, whatever the path says (`/../.data/jwt/…`).
    return full === base || full.startsWith(base + sep) ? full : undefined;
  };

  const index = async (): Promise<StaticAsset> => {
    try {
      return {
        contentType: CONTENT_TYPES['.html'] as string,
        body: await readFile(indexPath),
        headers: HTML_HEADERS,
      };
    } catch {
      return {
        contentType: 'text/plain; charset=utf-8',
        body: 'The web pages are not built: run `npm run build:web` (npm start does it when needed).\n',
        headers: { 'cache-control': 'no-cache' },
      };
    }
  };

  return {
    async assetAt(path, accept) {
      if (path === '/' || path === '/index.html') return index();
      const file = fileAt(path);
      if (file && file !== indexPath && (await isFile(file))) {
        const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
        const hashed = path.startsWith('/assets/');
        return {
          contentType,
          body: await readFile(file),
          headers: { 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' },
        };
      }
      // A page path (no file extension) asked for by a browser: the app routes it itself.
      const wantsHtml = (accept ?? '').includes('text/html');
      if (wantsHtml && extname(path) === '') return index();
      return undefined;
    },
  };
}
