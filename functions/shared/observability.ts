import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, LogLevel, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';
import { redactPersonalData } from '../../domain/masking';
import { scrubOutsideText } from '../../domain/outside-text';

/**
 * The Powertools JSON log shape, with every extra attribute passed through the personal-data
 * redactor: an ID number, bank account, name or diagnosis handed to the logger by mistake is
 * masked before it is written (DESIGN §7).
 */
class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        cold_start: attributes.lambdaContext?.coldStart,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redactPersonalData(additional));
  }
}

/** The service and metric namespace of every function (infra sets the same in POWERTOOLS_*). */
const serviceName = 'crossclaim';

/**
 * The last line of defence, as each log line is serialized: every string in it (the message,
 * an error's message and stack, any attribute) is scrubbed of what has the shape of an ID
 * number, a bank account or a name next to them, whatever key it sits under. Errors are left
 * to Powertools' own formatting; their strings come back through here.
 */
const scrubStrings = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? scrubOutsideText(value) : value;

/**
 * The Powertools logger with its level set by the composition root (`configureObservability`,
 * from Config.logLevel). Powertools reads POWERTOOLS_LOG_LEVEL when the logger is built, at
 * import, and its middleware puts that level back at every warm invocation
 * (`refreshSampleRateCalculation`): the configured level is put back after it, so a level given
 * after the handlers were imported (the local runtime's) holds for every invocation.
 */
class ConfiguredLogger extends Logger {
  #level: LogLevel | undefined;

  useLevel(level: LogLevel | undefined): void {
    this.#level = level;
    if (level !== undefined) this.setLogLevel(level);
  }

  override refreshSampleRateCalculation(): void {
    super.refreshSampleRateCalculation();
    if (this.#level !== undefined) this.setLogLevel(this.#level);
  }
}

/**
 * Powertools metrics that the composition root can switch off (Config.metrics: false, the local
 * runtime): no EMF line is written, whatever the environment said when the module loaded.
 */
class SwitchableMetrics extends Metrics {
  #off = false;

  switchOff(off: boolean): void {
    this.#off = off;
  }

  override publishStoredMetrics(): this {
    if (!this.#off) return super.publishStoredMetrics();
    // As Powertools does when POWERTOOLS_METRICS_DISABLED is set: the notice, no EMF line.
    if (!this.hasStoredMetrics()) logger.debug(NO_METRICS_NOTICE);
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

const NO_METRICS_NOTICE =
  'No application metrics to publish. The cold-start metric may be published if enabled.';

export const logger = new ConfiguredLogger({
  serviceName,
  logFormatter: new RedactingLogFormatter(),
  jsonReplacerFn: scrubStrings,
});
export const metrics = new SwitchableMetrics({
  serviceName,
  namespace: serviceName,
  logger: {
    debug: (...args) => logger.debug(...(args as [string])),
    info: (...args) => logger.info(...(args as [string])),
    error: (...args) => logger.error(...(args as [string])),
    // A step that recorded no business fact this time (a repeated or read-only call) is normal
    // here, not a warning: Powertools' notice of it goes to the debug level.
    warn: (message: string, ...rest: unknown[]) =>
      message.startsWith('No application metrics to publish')
        ? logger.debug(message)
        : logger.warn(message, ...(rest as [])),
  },
});

/**
 * What the composition root sets from the Config (functions/shared/dependencies.ts): the log
 * level (undefined: Powertools' own, from POWERTOOLS_LOG_LEVEL) and whether metrics are written.
 */
export function configureObservability(settings: {
  logLevel?: LogLevel | undefined;
  metrics: boolean;
}): void {
  logger.useLevel(settings.logLevel);
  metrics.switchOff(!settings.metrics);
}
/**
 * Tracing is for Lambda (whose runtime sets AWS_LAMBDA_FUNCTION_NAME), unless switched off there.
 * Elsewhere the tracer is never loaded: its X-Ray SDK enables a cls-hooked async hook at import,
 * which tracks every promise of the process — measured at 3–17% of the local runtime's CPU
 * (bench/README.md) for traces nobody sends.
 */
const tracingWanted = (): boolean =>
  process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined && process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

let tracerLoading: Promise<Tracer> | undefined;
/** The process's one Powertools Tracer, loaded on first use. */
export const loadTracer = (): Promise<Tracer> =>
  (tracerLoading ??= import('@aws-lambda-powertools/tracer').then(
    ({ Tracer }) => new Tracer({ serviceName }),
  ));

/**
 * The tracer middleware every handler uses. Response capture is off: a handler's response (a
 * claim view, an EOB, a step's result) can carry names, ID numbers and bank accounts, and X-Ray
 * metadata is not redacted. The CDK app also sets POWERTOOLS_TRACER_CAPTURE_RESPONSE and
 * POWERTOOLS_TRACER_CAPTURE_ERROR to false for every function (an error's message can quote an
 * outside system's text), so a captureMethod added later is off as well. Powertools'
 * captureLambdaHandler does the work, built on the first traced invocation.
 */
export const traceHandler = (): MiddlewareObj => {
  let capture: Promise<MiddlewareObj> | undefined;
  const powertools = () =>
    (capture ??= Promise.all([loadTracer(), import('@aws-lambda-powertools/tracer/middleware')]).then(
      ([tracer, { captureLambdaHandler }]) => captureLambdaHandler(tracer, { captureResponse: false }),
    ));
  // Decided per invocation and per phase: a request whose `before` was not traced is not closed.
  const traced = new WeakSet<object>();
  return {
    before: async (request) => {
      if (!tracingWanted()) return;
      traced.add(request);
      await (await powertools()).before?.(request);
    },
    after: async (request) => {
      if (traced.has(request)) await (await powertools()).after?.(request);
    },
    onError: async (request) => {
      if (traced.has(request)) await (await powertools()).onError?.(request);
    },
  };
};
