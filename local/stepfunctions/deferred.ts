/** A promise with its settle functions outside (Promise.withResolvers is ES2024, past our lib). */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: Error): void;
}

export function createDeferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Whoever waits gets the rejection; one nobody waits for any more must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
