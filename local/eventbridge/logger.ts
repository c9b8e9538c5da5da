/**
 * Where the local EventBridge reports what it does (deliveries retried, events dead-lettered).
 * Injected, so the runtime can route it to its structured logger and tests stay quiet.
 */
export type LocalEventBridgeLogger = (entry: LocalEventBridgeLogEntry) => void;

export interface LocalEventBridgeLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  ruleName?: string;
  eventId?: string;
  [field: string]: unknown;
}

export const silentLogger: LocalEventBridgeLogger = () => undefined;
