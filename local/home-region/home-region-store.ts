import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EMPTY_HOME_REGION_STATE,
  type HomeRegionSimulator,
  type HomeRegionState,
} from './home-region-simulator';
import { SnapshotFile } from '../snapshot-file';

/**
 * The simulated home region's state on disk, one JSON file of its own beside the world's
 * (`home-region.json`), written whole through a temporary file and a rename, `debounceMs` or
 * more after a change (../snapshot-file.ts): a crash leaves the old or the new file. It is the insurance system's memory
 * of reported settlements, so crossclaim's restarts, and its own, lose none.
 */
export async function keepOnDisk(
  simulator: HomeRegionSimulator,
  dataDir: string,
  debounceMs = 50,
): Promise<{ flush(): Promise<void>; stop(): Promise<void> }> {
  const file = join(dataDir, 'home-region.json');
  await mkdir(dataDir, { recursive: true });
  simulator.restore(await load(file));
  const snapshot = new SnapshotFile(file, () => simulator.snapshot(), { minDelayMs: debounceMs });
  const flush = () => snapshot.flush();
  const unsubscribe = simulator.onChange(() => snapshot.changed());
  return {
    flush,
    stop: async () => {
      unsubscribe();
      await flush();
    },
  };
}

async function load(file: string): Promise<HomeRegionState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as HomeRegionState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_HOME_REGION_STATE);
    throw new Error(`${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}
