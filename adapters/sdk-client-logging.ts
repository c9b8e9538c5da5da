/**
 * Takes the AWS SDK's logger middleware off a client. With no logger configured (ours: the SDK's
 * NoOpLogger), that middleware still builds a redacted copy of every request and answer to hand
 * to the no-op (`schemaLogFilter`): 1.7% of the local runtime's busy CPU in a profile of the demo
 * (bench/README.md), for lines nobody writes. Our own logs say what a step did.
 */
export const LOGGER_MIDDLEWARE = 'loggerMiddleware';

export function withoutSdkLogging<Client extends { middlewareStack: { remove(name: string): boolean } }>(
  client: Client,
): Client {
  client.middlewareStack.remove(LOGGER_MIDDLEWARE);
  return client;
}
