import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The API documentation page: Swagger UI from the swagger-ui-dist package, served from this
 * server, reading /openapi.json. Nothing is fetched from elsewhere: the page's own Content
 * Security Policy allows this origin only, and the online spec validator is switched off.
 */

export interface StaticAsset {
  contentType: string;
  body: Buffer | string;
  headers?: Record<string, string>;
}

export const DOCS_PATH = '/docs';
export const OPENAPI_PATH = '/openapi.json';

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files of swagger-ui-dist the page uses, by the name it asks for them. */
const PACKAGE_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  // Swagger UI sets style attributes on its elements.
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>crossclaim API</title>
    <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_PATH}/init.js"></script>
  </body>
</html>
`;

// A file, not an inline script, so the policy can forbid inline scripts.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '${OPENAPI_PATH}',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/** The asset at a path under /docs, or undefined if there is none. */
export async function docsAsset(path: string): Promise<StaticAsset | undefined> {
  const security = { 'content-security-policy': CONTENT_SECURITY_POLICY };
  if (path === DOCS_PATH || path === `${DOCS_PATH}/`) {
    return { contentType: 'text/html; charset=utf-8', body: PAGE, headers: security };
  }
  const name = path.startsWith(`${DOCS_PATH}/`) ? path.slice(DOCS_PATH.length + 1) : undefined;
  if (name === 'init.js') return { contentType: 'text/javascript; charset=utf-8', body: INIT_SCRIPT };
  const contentType = name === undefined ? undefined : PACKAGE_FILES[name];
  if (name === undefined || contentType === undefined) return undefined;
  return { contentType, body: await readFile(join(swaggerUiDir, name)) };
}
