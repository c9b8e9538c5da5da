/**
 * Where the local Step Functions report what they do. Injected, so the runtime can route it
 * to its structured logger and tests can stay quiet or capture it.
 */
export type LocalSfnLogger = (entry: LocalSfnLogEntry) => void;

export interface LocalSfnLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  executionArn?: string;
  stateName?: string;
  [field: string]: unknown;
}

export const silentLogger: LocalSfnLogger = () => undefined;
