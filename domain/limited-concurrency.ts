/**
 * Runs `work` on every item with at most `limit` running at once, in the items' order of start.
 * One that throws stops nothing else: the rest run, and the first error is rethrown at the end, so
 * a failure is neither swallowed nor leaves work running behind the caller's back. Used where a
 * pool of equal tasks shares a bound: recognition runs of one page (adapters/ocr/paddle-engine.ts),
 * the demo's submissions and reads (local/demo/).
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}
