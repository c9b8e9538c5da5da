import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { entrySizeBytes, MAX_PUT_BYTES } from '../../events/put-events-limits';

/**
 * One PutEvents entry checked the way EventBridge checks it: what it refuses is answered in that
 * entry's result (ErrorCode, ErrorMessage) while the other entries of the request go on.
 */

const MAX_DETAIL_TYPE_CHARS = 128;

export interface AcceptedEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
  time: Date | undefined;
}

export type EntryCheck =
  | { accepted: AcceptedEntry }
  | { refused: Required<Pick<PutEventsResultEntry, 'ErrorCode' | 'ErrorMessage'>> };

export function checkEntry(entry: PutEventsRequestEntry, busName: string): EntryCheck {
  const { Source, DetailType, Detail } = entry;
  if (!Source) return invalidArgument('Source', 'Source is a required argument.');
  if (!DetailType) return invalidArgument('DetailType', 'DetailType is a required argument.');
  if (!Detail) return invalidArgument('Detail', 'Detail is a required argument.');
  if (DetailType.length > MAX_DETAIL_TYPE_CHARS) {
    return invalidArgument('DetailType', `DetailType is longer than ${MAX_DETAIL_TYPE_CHARS} characters.`);
  }
  if (entry.EventBusName !== undefined && !namesBus(entry.EventBusName, busName)) {
    // Real EventBridge's code for an unknown bus in an entry is not documented; this one is not retryable.
    return refused('InvalidArgument', `Event bus ${entry.EventBusName} does not exist.`);
  }
  // Only AWS services publish under aws.*; custom events may not pretend to be one.
  if (Source.startsWith('aws.')) {
    return refused('NotAuthorizedForSourceException', `Not authorized for the source ${Source}.`);
  }
  if (entry.Time !== undefined && Number.isNaN(entry.Time.getTime())) {
    return invalidArgument('Time', 'Time is not a valid timestamp.');
  }
  const size = entrySizeBytes(entry);
  if (size > MAX_PUT_BYTES) {
    return invalidArgument('Entry', `The entry is ${size} bytes, over the limit of ${MAX_PUT_BYTES}.`);
  }

  let detail: unknown;
  try {
    detail = JSON.parse(Detail);
  } catch {
    return refused('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return refused('MalformedDetail', 'Detail is malformed: it must be a JSON object.');
  }
  return {
    accepted: {
      source: Source,
      detailType: DetailType,
      detail: detail as Record<string, unknown>,
      resources: entry.Resources ?? [],
      time: entry.Time,
    },
  };
}

/** A bus is named by its name or by its ARN (…:event-bus/<name>). */
function namesBus(nameOrArn: string, busName: string): boolean {
  return (
    nameOrArn === busName || (nameOrArn.startsWith('arn:') && nameOrArn.endsWith(`:event-bus/${busName}`))
  );
}

function invalidArgument(parameter: string, reason: string): EntryCheck {
  return refused('InvalidArgument', `Parameter ${parameter} is not valid. Reason: ${reason}`);
}

function refused(code: string, message: string): EntryCheck {
  return { refused: { ErrorCode: code, ErrorMessage: message } };
}
