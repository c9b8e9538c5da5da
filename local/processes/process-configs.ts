import { z } from 'zod';
import { HospitalLevelSchema } from '../../domain/schema-primitives';

// The configuration each child process of `npm start` gets (as JSON in one environment
// variable), and the tag of the line it prints when ready. Kept apart from the entry points,
// which start running when imported.

export const CrossclaimProcessConfigSchema = z.strictObject({
  dataDir: z.string().min(1),
  dynamoEndpoint: z.url(),
  tableName: z.string().min(3),
  seed: z.string().min(1),
  hospitalsUrl: z.url(),
  bankUrl: z.url(),
  homeRegionUrl: z.url(),
  /** The bearer token the home region issued crossclaim (production: local/production-config.ts). */
  homeRegionClientToken: z.string().min(1).optional(),
  /**
   * Production: the hospitals whose e-bill keys are registered, one entry per key, from the
   * folder's production.json. Absent (development): the simulated hospitals' catalog.
   */
  hospitalDirectory: z
    .array(
      z.strictObject({
        code: z.string(),
        name: z.string(),
        level: HospitalLevelSchema,
        provinceCode: z.string(),
        keyId: z.string(),
        publicKeyPem: z.string(),
      }),
    )
    .optional(),
  ports: z.strictObject({ api: z.number().int(), sfn: z.number().int(), events: z.number().int() }),
  timeScale: z.number().positive().default(1),
  /**
   * development: test accounts at the local OpenID provider, and `crossclaim token` works;
   * production: neither (docs/local-runtime.md).
   */
  mode: z.enum(['development', 'production']).default('development'),
  /** The world process's data folder: its admin token and hospital key seed are read from it. */
  worldDataDir: z.string().min(1).optional(),
  logLevel: z.string().default('WARN'),
  /** The handlers' VISIT_SOURCE and OCR_ENGINE settings (Config.visitSource, Config.ocrEngine). */
  visitSource: z.string().optional(),
  ocrEngine: z.string().optional(),
});
export type CrossclaimProcessConfig = z.input<typeof CrossclaimProcessConfigSchema>;
export const CROSSCLAIM_CONFIG_ENV = 'CROSSCLAIM_PROCESS_CONFIG';
export const CROSSCLAIM_READY = 'CROSSCLAIM_READY';

export const WorldProcessConfigSchema = z.strictObject({
  dataDir: z.string().min(1),
  seed: z.string().min(1),
  eventsUrl: z.url(),
  eventBusName: z.string().min(1),
  region: z.string().min(1),
  ports: z.strictObject({
    hospitals: z.number().int(),
    bank: z.number().int(),
    homeRegion: z.number().int(),
  }),
});
export type WorldProcessConfig = z.input<typeof WorldProcessConfigSchema>;
export const WORLD_CONFIG_ENV = 'CROSSCLAIM_WORLD_CONFIG';
export const WORLD_READY = 'WORLD_READY';

/** The entry files, relative to the repository root. */
export const CROSSCLAIM_ENTRY = 'local/processes/crossclaim-main.ts';
export const WORLD_ENTRY = 'local/processes/world-main.ts';
