import { join } from 'node:path';
import { createBankHttpClient } from '../../adapters/bank-http-client';
import { startApiServer } from '../api/api-server';
import { openLocalSigningKey } from '../api/jwt-keys';
import { worldOverHttp } from '../api/local-world';
import { WEB_DIST_DIR } from '../api/web-assets';
import { startCrossclaimServices } from '../crossclaim-services';
import { openIdentityKey } from '../identity-key-file';
import { auditKeyPath, loadAuditKeyFile } from '../../adapters/audit-key';
import { generateHospitalCatalog } from '../hospitals/catalog';
import { CROSSCLAIM_CONFIG_ENV, CROSSCLAIM_READY, CrossclaimProcessConfigSchema } from './process-configs';
import { announceReady, closeOnSignals, configFromEnv } from './ready-line';

// The crossclaim process of `npm start`: the services and the API, durable across restarts.
const config = configFromEnv(CROSSCLAIM_CONFIG_ENV, (v) => CrossclaimProcessConfigSchema.parse(v));
const startedAt = Date.now();
await openIdentityKey(config.dataDir);
await loadAuditKeyFile(auditKeyPath(config.dataDir), { create: true });
const catalog = generateHospitalCatalog(config.seed);
const services = await startCrossclaimServices({
  dynamoEndpoint: config.dynamoEndpoint,
  tableName: config.tableName,
  timeScale: config.timeScale,
  logLevel: config.logLevel,
  durable: true,
  ports: { sfn: config.ports.sfn, events: config.ports.events },
  catalog,
  hospitalsUrl: config.hospitalsUrl,
  payments: createBankHttpClient({ baseUrl: config.bankUrl }),
  homeRegionUrl: config.homeRegionUrl,
  receiptImagesDir: join(config.dataDir, 'receipt-images'),
  eventsDir: join(config.dataDir, 'events'),
});
const signingKey = await openLocalSigningKey(config.dataDir);
// The web pages and their local sign-in are served beside the API (on AWS: S3 + CloudFront, Cognito).
const api = await startApiServer({
  signingKey,
  port: config.ports.api,
  portOption: '--api-port',
  webRoot: WEB_DIST_DIR,
  local: {
    world: worldOverHttp(catalog, config.hospitalsUrl),
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
