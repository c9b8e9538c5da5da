import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
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

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'crossclaim';

/**
 * The last line of defence, as each log line is serialized: every string in it (the message,
 * an error's message and stack, any attribute) is scrubbed of what has the shape of an ID
 * number, a bank account or a name next to them, whatever key it sits under. Errors are left
 * to Powertools' own formatting; their strings come back through here.
 */
const scrubStrings = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? scrubOutsideText(value) : value;

export const logger = new Logger({
  serviceName,
  logFormatter: new RedactingLogFormatter(),
  jsonReplacerFn: scrubStrings,
});
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'crossclaim',
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
export const tracer = new Tracer({ serviceName });

/**
 * The tracer middleware every handler uses. Response capture is off: a handler's response (a
 * claim view, an EOB, a step's result) can carry names, ID numbers and bank accounts, and X-Ray
 * metadata is not redacted. The CDK app also sets POWERTOOLS_TRACER_CAPTURE_RESPONSE and
 * POWERTOOLS_TRACER_CAPTURE_ERROR to false for every function (an error's message can quote an
 * outside system's text), so a captureMethod added later is off as well.
 */
export const traceHandler = () => captureLambdaHandler(tracer, { captureResponse: false });
