import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EMPTY_HOME_REGION_STATE,
  type HomeRegionSimulator,
  type HomeRegionState,
} from './home-region-simulator';

/**
 * The simulated home region's state on disk, one JSON file of its own beside the world's
 * (`home-region.json`), written whole through a temporary file and a rename, at most every
 * `debounceMs`: a crash leaves the old or the new file. It is the insurance system's memory
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
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(simulator.snapshot()));
    await rename(temporary, file);
  };
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write);
    await writing;
  };
  const unsubscribe = simulator.onChange(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      writing = writing.then(write);
    }, debounceMs);
  });
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
