import { loadOriginSecretFromEnvironment } from '../../adapters/origin-secret';

// The value CloudFront sends to the API, once per container (AWS: ORIGIN_VERIFY_SECRET_ARN).
await loadOriginSecretFromEnvironment();
