import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { HospitalLevelSchema } from '../domain/schema-primitives';

/**
 * What `crossclaim start --production` needs to know of the outside world: where the province's
 * hospital gateway, the bank and the home region's insurance system answer (the same three
 * settings the Lambda functions read as HOSPITAL_API_URL, BANK_API_URL and HOME_REGION_API_URL,
 * functions/shared/dependencies.ts), the home region's client token (HOME_REGION_CLIENT_TOKEN),
 * and the hospitals whose e-bill keys crossclaim trusts.
 *
 * Each setting comes from the command line (or its environment variable, which commander reads
 * for the option), else from `<data dir>/production.json` (0600 like everything in the folder).
 * Production mode starts no simulator, so a missing URL stops the start, naming the setting.
 */

export const PRODUCTION_CONFIG_FILE = 'production.json';

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** A hospital of the directory and its e-bill signing keys (adapters/hospital-registry.ts). */
const DirectoryHospitalSchema = z.strictObject({
  code: z.string().regex(/^H\d{11}$/, { error: "must be 'H' + 11 digits" }),
  name: z.string().min(1).max(100),
  level: HospitalLevelSchema,
  provinceCode: z.string().regex(/^\d{6}$/, { error: 'must be the 6-digit province code, e.g. 310000' }),
  keys: z
    .array(
      z.strictObject({
        keyId: z.string().min(1).max(64),
        publicKeyPem: z.string().includes('BEGIN PUBLIC KEY', { error: 'must be a PEM public key' }),
      }),
    )
    .min(1),
});

export const ProductionConfigSchema = z.strictObject({
  /** The hospitals' e-bill fetch API: the province's hospital gateway (HOSPITAL_API_URL). */
  hospitalApiUrl: HttpUrlSchema,
  /** The bank's payout API (BANK_API_URL). */
  bankApiUrl: HttpUrlSchema,
  /** The home region's insurance system (HOME_REGION_API_URL). */
  homeRegionApiUrl: HttpUrlSchema,
  /** The bearer token the home region issued crossclaim (HOME_REGION_CLIENT_TOKEN); none: no header. */
  homeRegionClientToken: z.string().min(16).optional(),
  /** Hospitals registered at every start (idempotent); the table keeps earlier ones. */
  hospitals: z.array(DirectoryHospitalSchema).max(10_000).default([]),
});
export type ProductionConfig = z.output<typeof ProductionConfigSchema>;
export type ProductionConfigInput = z.input<typeof ProductionConfigSchema>;

/** Where each URL setting can be given, for the message that names a missing one. */
const SOURCES: Record<string, { option: string; env: string; what: string }> = {
  hospitalApiUrl: { option: '--hospital-api-url', env: 'HOSPITAL_API_URL', what: "the hospitals' gateway" },
  bankApiUrl: { option: '--bank-api-url', env: 'BANK_API_URL', what: "the bank's payout API" },
  homeRegionApiUrl: {
    option: '--home-region-api-url',
    env: 'HOME_REGION_API_URL',
    what: "the home region's insurance system",
  },
  homeRegionClientToken: {
    option: '--home-region-client-token',
    env: 'HOME_REGION_CLIENT_TOKEN',
    what: "the home region's client token",
  },
};

export class ProductionConfigError extends Error {
  override readonly name = 'ProductionConfigError';
}

/** Settings given on the command line (or in their environment variables); absent ones are undefined. */
export type ProductionOverrides = Partial<
  Pick<ProductionConfigInput, 'hospitalApiUrl' | 'bankApiUrl' | 'homeRegionApiUrl' | 'homeRegionClientToken'>
>;

async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new ProductionConfigError(`${path} is not a JSON object`);
  }
}

/**
 * The production settings: the command line's over `<dataDir>/production.json`'s, validated.
 * A missing or invalid setting is a ProductionConfigError naming it and where it can be set.
 */
export async function loadProductionConfig(
  dataDir: string,
  overrides: ProductionOverrides = {},
): Promise<ProductionConfig> {
  const path = join(dataDir, PRODUCTION_CONFIG_FILE);
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const result = ProductionConfigSchema.safeParse({ ...(await readConfigFile(path)), ...given });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const source = SOURCES[field];
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const where = source
      ? ` (${source.what}): set "${field}" in ${path}, or ${source.option} <value>, or ${source.env}`
      : '';
    return `${missing ? 'missing setting' : 'invalid setting'} ${field}${where}${missing ? '' : `: ${issue.message}`}`;
  });
  throw new ProductionConfigError(
    `production mode starts no simulated hospitals, bank or home region, so it needs their addresses:\n  ${problems.join('\n  ')}`,
  );
}
