import { join } from 'node:path';
import { createBankHttpClient } from '../../adapters/bank-http-client';
import { startApiServer } from '../api/api-server';
import { localSignIn } from '../oidc/local-sign-in';
import { worldOverHttp } from '../api/local-world';
import { ADMIN_TOKEN_FILE, HOSPITAL_KEY_SEED_FILE, openDataSecret } from '../data-secrets';
import { WEB_DIST_DIR } from '../api/web-assets';
import { startCrossclaimServices } from '../crossclaim-services';
import { identityKeyPath } from '../../adapters/identity-key';
import { auditKeyPath } from '../../adapters/audit-key';
import { generateHospitalCatalog } from '../hospitals/catalog';
import { CROSSCLAIM_CONFIG_ENV, CROSSCLAIM_READY, CrossclaimProcessConfigSchema } from './process-configs';
import { announceReady, closeOnSignals, configFromEnv } from './ready-line';

// The crossclaim process of `npm start`: the services and the API, durable across restarts.
const config = configFromEnv(CROSSCLAIM_CONFIG_ENV, (v) => CrossclaimProcessConfigSchema.parse(v));
const startedAt = Date.now();
// The world's secrets when it keeps them in a data folder (npm start); a test's world has none.
const worldSecret = (name: string) =>
  config.worldDataDir === undefined ? undefined : openDataSecret(config.worldDataDir, name);
// Development: the simulated hospitals of the seed (keys from the world's folder). Production:
// the real hospitals of the folder's production.json; no simulator, nothing to ask it.
const hospitalKeySeed = config.hospitalDirectory ? undefined : await worldSecret(HOSPITAL_KEY_SEED_FILE);
const catalog = config.hospitalDirectory
  ? undefined
  : generateHospitalCatalog(config.seed, { ...(hospitalKeySeed && { keySeed: hospitalKeySeed }) });
const services = await startCrossclaimServices({
  dynamoEndpoint: config.dynamoEndpoint,
  tableName: config.tableName,
  timeScale: config.timeScale,
  logLevel: config.logLevel,
  ...(config.visitSource !== undefined && { visitSource: config.visitSource }),
  ...(config.ocrEngine !== undefined && { ocrEngine: config.ocrEngine }),
  // Loaded (the audit key made on first start) by the composition root before any handler runs.
  keyFiles: { auditKey: auditKeyPath(config.dataDir), identityKey: identityKeyPath(config.dataDir) },
  durable: true,
  // The runner's bound on executions at once (admission.ts), changed only for an experiment.
  ...(Number(process.env.CROSSCLAIM_MAX_ACTIVE_EXECUTIONS) > 0 && {
    maxActiveExecutions: Number(process.env.CROSSCLAIM_MAX_ACTIVE_EXECUTIONS),
  }),
  ports: { sfn: config.ports.sfn, events: config.ports.events },
  catalog: catalog ?? { hospitals: config.hospitalDirectory ?? [] },
  hospitalsUrl: config.hospitalsUrl,
  payments: createBankHttpClient({ baseUrl: config.bankUrl }),
  homeRegionUrl: config.homeRegionUrl,
  ...(config.homeRegionClientToken !== undefined && { homeRegionClientToken: config.homeRegionClientToken }),
  receiptImagesDir: join(config.dataDir, 'receipt-images'),
  // Development: the simulated message gateway's inbox (SMS / app push) beside the data.
  ...(catalog && { messageInboxDir: join(config.dataDir, 'message-inbox') }),
  eventsDir: join(config.dataDir, 'events'),
});
const { accounts: _accounts, ...signInSetup } = await localSignIn(config);
// The web pages and the sign-in are served beside the API (on AWS: S3 + CloudFront, Cognito).
const api = await startApiServer({
  ...signInSetup,
  port: config.ports.api,
  portOption: '--api-port',
  webRoot: WEB_DIST_DIR,
  local: {
    // The pages' "a stay at a simulated hospital" needs the simulator's admin: development only.
    ...(catalog && {
      world: worldOverHttp(catalog, config.hospitalsUrl, (await worldSecret(ADMIN_TOKEN_FILE)) ?? ''),
    }),
    dynamoRequests: services.dynamo.requests,
    claimChanges: services.claimChanges,
  },
});
closeOnSignals(async () => {
  await api.close();
  await services.close();
});
announceReady(CROSSCLAIM_READY, {
  apiUrl: api.url,
  sfnUrl: services.sfnUrl,
  eventsUrl: services.eventsUrl,
  redriven: services.redriven.length,
  resumedDeliveries: services.resumedDeliveries,
  startMs: Date.now() - startedAt,
});
