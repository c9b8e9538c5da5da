import { createHomeRegionHttpClient } from './home-region-http-client';
import type { HomeRegionClient } from './home-region-client';

/**
 * The home-region client a Lambda builds from its environment: the region's API at
 * HOME_REGION_API_URL, authenticated with the bearer token the home region issued crossclaim.
 * On AWS the token is a Secrets Manager secret the CDK app passes in as HOME_REGION_CLIENT_TOKEN
 * (resolved at deploy time into the function's encrypted environment); locally there is none.
 */
export function homeRegionClientFromEnv(baseUrl: string): HomeRegionClient {
  const token = process.env.HOME_REGION_CLIENT_TOKEN;
  return createHomeRegionHttpClient({
    baseUrl,
    ...(token && { authorization: () => Promise.resolve(`Bearer ${token}`) }),
  });
}
