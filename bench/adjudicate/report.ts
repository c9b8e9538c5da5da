import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { SubjectResult } from './measure';

export interface MachineInfo {
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  date: string;
  jsonRulesEngine: string;
  /** 1-minute load average when the run started: other work on the machine skews the numbers. */
  loadAverage: number;
}

export function machineInfo(now = new Date()): MachineInfo {
  const manifest = createRequire(import.meta.url).resolve('json-rules-engine/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: now.toISOString(),
    jsonRulesEngine: version,
    loadAverage: os.loadavg()[0] ?? Number.NaN,
  };
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The columns of a results row, shared by the terminal table and the Markdown one. */
function cells(r: SubjectResult, linesPerCase: number): string[] {
  return [
    r.name,
    whole(r.median),
    `${whole(r.min)}–${whole(r.max)}`,
    `${r.spreadPct.toFixed(1)}%`,
    (1e6 / r.median).toFixed(1),
    whole(r.median * linesPerCase),
  ];
}

const HEADERS = ['implementation', 'cases/s (median)', 'min–max', 'spread', 'µs/case', 'lines/s'];

export function terminalTable(results: readonly SubjectResult[], linesPerCase: number): string {
  const rows = [HEADERS, ...results.map((r) => cells(r, linesPerCase))];
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [
    format(rows[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(format),
  ].join('\n');
}

export function markdownTable(results: readonly SubjectResult[], linesPerCase: number): string {
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`;
  return [
    line(HEADERS),
    line(HEADERS.map((_, column) => (column === 0 ? '---' : '---:'))),
    ...results.map((r) => line(cells(r, linesPerCase))),
  ].join('\n');
}
