import { dirname } from 'node:path';
import { openIdentityKey } from '../identity-key-file';
import { ADMIN_TOKEN_FILE, HOSPITAL_KEY_SEED_FILE, openDataSecret } from '../data-secrets';
import { startWorld } from '../world/world';
import { WORLD_CONFIG_ENV, WORLD_READY, WorldProcessConfigSchema } from './process-configs';
import { announceReady, closeOnSignals, configFromEnv } from './ready-line';

// The outside-world process of `npm start`: simulated hospitals and bank, their state on disk.
const config = configFromEnv(WORLD_CONFIG_ENV, (v) => WorldProcessConfigSchema.parse(v));
// The hospitals hash patients' ID numbers with the shared identity key: first, before any bill.
await openIdentityKey(dirname(config.dataDir), config.dataDir);
const world = await startWorld({
  ...config,
  adminToken: await openDataSecret(config.dataDir, ADMIN_TOKEN_FILE),
  hospitalKeySeed: await openDataSecret(config.dataDir, HOSPITAL_KEY_SEED_FILE),
});
closeOnSignals(() => world.close());
announceReady(WORLD_READY, {
  hospitalsUrl: world.hospitalsUrl,
  bankUrl: world.bankUrl,
  homeRegionUrl: world.homeRegionUrl,
});
