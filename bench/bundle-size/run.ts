import { build, type Metafile } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { FUNCTIONS, type FunctionName } from '../../functions/catalog';
import { HANDLER_FILE, handlerBuildOptions } from '../../infra/bundling';
import { COGNITO_TRIGGERS } from '../../infra/function-access';

/**
 * The minified bundle of every Lambda function, built with the esbuild options the CDK stack
 * bundles with (infra/bundling.ts handlerBuildOptions: ESM, minified, node22, AWS SDK v3 and
 * tesseract.js not bundled, zod's English messages only). Prints
 * the size of each `index.mjs` (what Lambda loads; the source map is separate), gzipped, and
 * the inputs that weigh most, and writes bench/bundle-size/results/latest.json.
 *
 *   node --import tsx bench/bundle-size/run.ts
 */
const GOAL_BYTES = 300 * 1024;

interface Row {
  name: string;
  bytes: number;
  gzipBytes: number;
  top: { input: string; bytes: number }[];
}

/** Bytes per package (or per project folder) in the output. */
function weigh(metafile: Metafile): { input: string; bytes: number }[] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = match?.[1] ?? input.split('/').slice(0, 1).join('/') + '/ (project)';
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 4);
}

const rows: Row[] = [];
// Every handler and every Cognito trigger: the stack deploys both with the same options.
const entries: [string, string][] = [
  ...(Object.entries(FUNCTIONS) as [FunctionName, string][]),
  ...Object.entries(COGNITO_TRIGGERS).map(([name, { entry }]): [string, string] => [name, entry]),
];
for (const [name, entry] of entries) {
  const result = await build({
    ...handlerBuildOptions(entry, `out/${name}`),
    write: false,
    metafile: true,
  });
  const code = result.outputFiles.find((f) => f.path.endsWith(`/${HANDLER_FILE}`))?.contents;
  if (!code) throw new Error(`${name}: esbuild wrote no ${HANDLER_FILE}`);
  rows.push({ name, bytes: code.length, gzipBytes: gzipSync(code).length, top: weigh(result.metafile) });
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(
  'function'.padEnd(20),
  'minified KB'.padStart(12),
  'gzip KB'.padStart(9),
  ' ≤300 KB',
  '  heaviest inputs (KB)',
);
for (const row of rows) {
  console.log(
    row.name.padEnd(20),
    kb(row.bytes).padStart(12),
    kb(row.gzipBytes).padStart(9),
    row.bytes <= GOAL_BYTES ? '  yes   ' : '  NO    ',
    ' ' + row.top.map((t) => `${t.input} ${kb(t.bytes)}`).join(', '),
  );
}
const over = rows.filter((r) => r.bytes > GOAL_BYTES).length;
console.log(`\n${rows.length} functions, ${over} over ${GOAL_BYTES / 1024} KB`);
mkdirSync(new URL('results', import.meta.url), { recursive: true });
writeFileSync(
  new URL('results/latest.json', import.meta.url),
  JSON.stringify({ measuredAt: new Date().toISOString(), goalBytes: GOAL_BYTES, rows }, null, 2),
);
