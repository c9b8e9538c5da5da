import { SfnServiceError } from './errors';
import type { ExecutionRecord } from './execution-journal';
import { parseJson } from './json';
import type { ExecutionListItem, StateMachineSummary } from './sfn-api-types';

// ListStateMachines/ListExecutions answers: summaries, list items and opaque page tokens.

export function summaryOf(machine: StateMachineSummary): StateMachineSummary {
  return { stateMachineArn: machine.stateMachineArn, name: machine.name, creationDate: machine.creationDate };
}

export function listItemOf(record: ExecutionRecord): ExecutionListItem {
  const { executionArn, stateMachineArn, name, status, startDate, stopDate } = record;
  return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate ? { stopDate } : {}) };
}

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

export function decodePageToken(token: string): number {
  const parsed = parseJson(Buffer.from(token, 'base64url').toString('utf8'));
  const offset =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : undefined;
  const value = offset && !Array.isArray(offset) ? offset['offset'] : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SfnServiceError('InvalidToken', 'Invalid nextToken');
  }
  return value;
}
