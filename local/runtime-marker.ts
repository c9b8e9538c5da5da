import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What `crossclaim start` says about the runtime it runs on a data folder
 * (`<data dir>/runtime.json`, 0600): whether it was started for development, and the issuer its
 * API requires. `crossclaim token` mints only for a development runtime, with that issuer.
 */
const RuntimeMarkerSchema = z.strictObject({
  mode: z.enum(['development', 'production']),
  issuer: z.string().min(1),
  startedAt: z.string(),
  /** The process of `crossclaim start` (the demo reads its tree's CPU time from /proc). */
  pid: z.number().int().positive().optional(),
});
export type RuntimeMarker = z.infer<typeof RuntimeMarkerSchema>;

export const runtimeMarkerPath = (dataDir: string) => join(dataDir, 'runtime.json');

export async function writeRuntimeMarker(dataDir: string, marker: Omit<RuntimeMarker, 'startedAt' | 'pid'>) {
  const content: RuntimeMarker = { ...marker, startedAt: new Date().toISOString(), pid: process.pid };
  await writeFile(runtimeMarkerPath(dataDir), `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}

/** The marker of a data folder, or undefined when no runtime was ever started on it. */
export async function readRuntimeMarker(dataDir: string): Promise<RuntimeMarker | undefined> {
  try {
    return RuntimeMarkerSchema.parse(JSON.parse(await readFile(runtimeMarkerPath(dataDir), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
