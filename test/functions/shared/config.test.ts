import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnvironment, parseConfig } from '../../../functions/shared/config';
import { composeDependencies } from '../../../functions/shared/dependencies';

const ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:crossclaim-claim';

/** The error a call throws (a ConfigError, or the test fails). */
function configErrorOf(call: () => unknown): ConfigError {
  try {
    call();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

describe('configFromEnvironment: the one reader of a Lambda function’s environment', () => {
  it('reads each setting from the variable the CDK app sets', () => {
    const config = configFromEnvironment({
      AWS_REGION: 'cn-northwest-1',
      TABLE_NAME: 'crossclaim-claims',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8001',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8002',
      EVENTBRIDGE_ENDPOINT: 'http://localhost:4020',
      EVENT_BUS_NAME: 'crossclaim',
      CLAIM_STATE_MACHINE_ARN: ARN,
      HOSPITAL_API_URL: 'https://hospitals.example.cn/',
      BANK_API_URL: 'https://bank.example.cn/',
      HOME_REGION_API_URL: 'https://region.example.cn/',
      HOME_REGION_TOKEN_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:token',
      VISIT_SOURCE: 'hospitals',
      RECEIPT_IMAGES_BUCKET: 'receipts',
      RECEIPT_IMAGES_KMS_KEY: 'arn:aws-cn:kms:cn-north-1:1:key/k',
      OCR_ENGINE: 'paddle',
      AUDIT_KEY_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:audit',
      POWERTOOLS_LOG_LEVEL: 'warn',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });

    expect(config).toMatchObject({
      region: 'cn-northwest-1',
      tableName: 'crossclaim-claims',
      // The SDK's own variable wins over the older one; the older one still counts alone.
      endpoints: { dynamodb: 'http://127.0.0.1:8001', eventbridge: 'http://localhost:4020' },
      eventBusName: 'crossclaim',
      stateMachineArn: ARN,
      hospitalApiUrl: 'https://hospitals.example.cn/',
      visitSource: 'hospitals',
      receiptImages: { bucket: 'receipts', kmsKeyId: 'arn:aws-cn:kms:cn-north-1:1:key/k' },
      ocrEngine: 'paddle',
      secrets: { auditKey: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:audit' },
      logLevel: 'WARN',
      metrics: false,
    });
    expect(config.endpoints.sfn).toBeUndefined();
  });

  it('takes an empty variable as unset, and the defaults where nothing is set', () => {
    const config = configFromEnvironment({ AWS_REGION: '', AWS_ENDPOINT_URL_DYNAMODB: '', TABLE_NAME: '' });

    expect(config.region).toBe('cn-north-1');
    expect(config.endpoints.dynamodb).toBeUndefined();
    expect(config.tableName).toBeUndefined();
    expect(config.visitSource).toBe('home-region');
    expect(config.metrics).toBe(true);
    expect(config.logLevel).toBeUndefined();
  });
});

describe('a bad Config names each field that is wrong', () => {
  it('names the setting and its variable, every one of them, not just the first', () => {
    const error = configErrorOf(() =>
      configFromEnvironment({
        HOSPITAL_API_URL: 'hospitals.example.cn',
        OCR_ENGINE: 'magic',
        POWERTOOLS_LOG_LEVEL: 'LOUD',
        CLAIM_STATE_MACHINE_ARN: 'crossclaim-claim',
      }),
    );

    expect([...error.settings].sort()).toEqual([
      'hospitalApiUrl',
      'logLevel',
      'ocrEngine',
      'stateMachineArn',
    ]);
    expect(error.message).toContain('hospitalApiUrl (HOSPITAL_API_URL): must be an http(s) URL');
    expect(error.message).toContain('ocrEngine (OCR_ENGINE)');
    expect(error.message).toContain('logLevel (POWERTOOLS_LOG_LEVEL)');
    expect(error.message).toContain('stateMachineArn (CLAIM_STATE_MACHINE_ARN): must be a state machine ARN');
  });

  it('refuses a receipt bucket without its KMS key, naming the key', () => {
    const error = configErrorOf(() => configFromEnvironment({ RECEIPT_IMAGES_BUCKET: 'receipts' }));

    expect(error.settings).toEqual(['receiptImages.kmsKeyId']);
    expect(error.message).toContain('RECEIPT_IMAGES_KMS_KEY');
  });

  it('refuses a setting nobody reads (a typo in the local runtime’s options)', () => {
    const error = configErrorOf(() => parseConfig({ tableName: 't', hospitalUrl: 'http://127.0.0.1:1' }));

    expect(error.message).toMatch(/hospitalUrl/);
  });

  it('names a setting a part needs when that part is first used, and builds the others', () => {
    const parts = composeDependencies(parseConfig({ tableName: 'crossclaim-claims' }));

    expect(configErrorOf(() => parts.hospitals).message).toBe(
      'hospitalApiUrl (HOSPITAL_API_URL) is not set: the hospitals client needs it',
    );
    expect(configErrorOf(() => parts.events).settings).toEqual(['eventBusName']);
    expect(configErrorOf(() => parts.stateMachineArn).message).toContain('CLAIM_STATE_MACHINE_ARN');
    // A function given only the table builds what it uses.
    expect(parts.tableName).toBe('crossclaim-claims');
    expect(parts.claims).toBe(parts.claims);
  });
});
