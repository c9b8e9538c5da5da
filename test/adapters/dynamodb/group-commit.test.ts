import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { GroupCommit, RETRY, type ItemOutcome } from '../../../adapters/dynamodb/group-commit';
import { createDeferred, type Deferred } from '../../../local/stepfunctions/deferred';

/** A fake store: each request is held until the test answers it. */
function heldStore<T>() {
  const requests: { batch: T[]; answer: Deferred<ItemOutcome<string>[]> }[] = [];
  const send = (batch: readonly T[]) => {
    const answer = createDeferred<ItemOutcome<string>[]>();
    requests.push({ batch: [...batch], answer });
    return answer.promise;
  };
  return { requests, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ok = (items: readonly string[]) => items.map((item) => ({ value: `done ${item}` }));

describe('GroupCommit: one write in flight, the queue in one request when it returns', () => {
  it('sends a lone write at once, without waiting for company', async () => {
    const store = heldStore<string>();
    const commit = new GroupCommit({ send: store.send, maxBatch: 100 });
    const answer = commit.submit('a');
    await tick();
    expect(store.requests.map((r) => r.batch)).toEqual([['a']]);
    store.requests[0]!.answer.resolve(ok(['a']));
    await expect(answer).resolves.toBe('done a');
  });

  it('queues what is asked while a request is in flight and sends it as one request after', async () => {
    const store = heldStore<string>();
    const commit = new GroupCommit({ send: store.send, maxBatch: 100 });
    const first = commit.submit('a');
    await tick();
    const later = ['b', 'c', 'd'].map((item) => commit.submit(item));
    await tick();
    // Nothing more goes while the first is in flight.
    expect(store.requests).toHaveLength(1);
    let laterSettled = false;
    void Promise.all(later).then(() => (laterSettled = true));

    store.requests[0]!.answer.resolve(ok(['a']));
    await expect(first).resolves.toBe('done a');
    await tick();
    expect(store.requests.map((r) => r.batch)).toEqual([['a'], ['b', 'c', 'd']]);
    // Durable before it returns: the queued callers wait for their own request's answer.
    expect(laterSettled).toBe(false);
    store.requests[1]!.answer.resolve(ok(['b', 'c', 'd']));
    await expect(Promise.all(later)).resolves.toEqual(['done b', 'done c', 'done d']);
    expect(commit.counts()).toEqual({ requests: 2, items: 4, largest: 3 });
  });

  it('writes asked for in the same tick share the first request', async () => {
    const store = heldStore<string>();
    const commit = new GroupCommit({ send: store.send, maxBatch: 100 });
    const answers = ['a', 'b', 'c'].map((item) => commit.submit(item));
    await tick();
    expect(store.requests.map((r) => r.batch)).toEqual([['a', 'b', 'c']]);
    store.requests[0]!.answer.resolve(ok(['a', 'b', 'c']));
    await expect(Promise.all(answers)).resolves.toEqual(['done a', 'done b', 'done c']);
  });

  it('never puts more than maxBatch in a request; the rest follows at once, in order', async () => {
    const sent: string[][] = [];
    const commit = new GroupCommit<string, string>({
      send: async (batch) => (sent.push([...batch]), ok(batch)),
      maxBatch: 2,
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => commit.submit(item)));
    expect(sent).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('answers each caller its own outcome: a failed condition, an error of its own, a retry', async () => {
    const sent: string[][] = [];
    const commit = new GroupCommit<string, boolean>({
      send: async (batch) => {
        sent.push([...batch]);
        // The first request is cancelled by c's condition: a and d were not applied (RETRY),
        // b was refused for a reason of its own.
        if (sent.length === 1) return [RETRY, { error: new Error('b is too big') }, { value: false }, RETRY];
        return batch.map(() => ({ value: true }));
      },
      maxBatch: 100,
    });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((item) => commit.submit(item));
    await expect(a).resolves.toBe(true);
    await expect(b).rejects.toThrow('b is too big');
    await expect(c).resolves.toBe(false);
    await expect(d).resolves.toBe(true);
    // Only the ones cancelled through no fault of their own went again, in one request.
    expect(sent).toEqual([
      ['a', 'b', 'c', 'd'],
      ['a', 'd'],
    ]);
  });

  it('puts retried items ahead of what was asked for since', async () => {
    const store = heldStore<string>();
    const commit = new GroupCommit({ send: store.send, maxBatch: 100 });
    const a = commit.submit('a');
    const b = commit.submit('b');
    await tick();
    const c = commit.submit('c');
    store.requests[0]!.answer.resolve([{ value: 'done a' }, RETRY]);
    await tick();
    expect(store.requests[1]!.batch).toEqual(['b', 'c']);
    store.requests[1]!.answer.resolve(ok(['b', 'c']));
    await expect(Promise.all([a, b, c])).resolves.toEqual(['done a', 'done b', 'done c']);
  });

  it('gives up on an item retried maxRetries times, with an error to its caller', async () => {
    let requests = 0;
    const commit = new GroupCommit<string, string>({
      send: async (batch) => (requests++, batch.map(() => RETRY)),
      maxBatch: 100,
      maxRetries: 2,
    });
    await expect(commit.submit('a')).rejects.toThrow(/not applied after 3 attempts/);
    expect(requests).toBe(3);
  });

  it('rejects every caller of a request that failed as a whole, and goes on with the next', async () => {
    const store = heldStore<string>();
    const commit = new GroupCommit({ send: store.send, maxBatch: 100 });
    const a = commit.submit('a');
    await tick();
    const [b, c] = ['b', 'c'].map((item) => commit.submit(item));
    const d = commit.submit('d');
    store.requests[0]!.answer.resolve(ok(['a']));
    await a;
    await tick();
    store.requests[1]!.answer.reject(new Error('the store is down'));
    await expect(b).rejects.toThrow('the store is down');
    await expect(c).rejects.toThrow('the store is down');
    await expect(d).rejects.toThrow('the store is down');
    // Not stuck: the next write goes.
    const e = commit.submit('e');
    await tick();
    store.requests[2]!.answer.resolve(ok(['e']));
    await expect(e).resolves.toBe('done e');
  });

  it('a send that throws before its promise rejects its callers too', async () => {
    const commit = new GroupCommit<string, string>({
      send: () => {
        throw new Error('cannot even build it');
      },
      maxBatch: 100,
    });
    await expect(commit.submit('a')).rejects.toThrow('cannot even build it');
    await expect(commit.submit('b')).rejects.toThrow('cannot even build it');
  });

  it('never sends two writes to one key in a request, and applies them in the order asked', async () => {
    const sent: string[][] = [];
    const commit = new GroupCommit<string, string>({
      send: async (batch) => (sent.push([...batch]), ok(batch)),
      maxBatch: 100,
      keyOf: (item) => item.split(':')[0]!,
    });
    await Promise.all(['x:1', 'y:1', 'x:2', 'z:1', 'x:3', 'y:2'].map((item) => commit.submit(item)));
    expect(sent).toEqual([['x:1', 'y:1', 'z:1'], ['x:2', 'y:2'], ['x:3']]);
  });

  it('settled() resolves once nothing is queued or in flight', async () => {
    const store = heldStore<string>();
    const commit = new GroupCommit({ send: store.send, maxBatch: 100 });
    await commit.settled();
    void commit.submit('a');
    let settled = false;
    void commit.settled().then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    store.requests[0]!.answer.resolve(ok(['a']));
    await tick();
    expect(settled).toBe(true);
  });

  it('sends each request in the async context of its oldest write', async () => {
    const sender = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const store = heldStore<string>();
    const commit = new GroupCommit<string, string>({
      send: (batch) => (seen.push(sender.getStore()), store.send(batch)),
      maxBatch: 100,
    });
    const a = sender.run('PayOut', () => commit.submit('a'));
    await tick();
    const b = sender.run('the journal', () => commit.submit('b'));
    const c = sender.run('Adjudicate', () => commit.submit('c'));
    // The second request starts when the first is answered, inside PayOut's chain: still the
    // journal's, whose write is the oldest it carries.
    sender.run('PayOut', () => store.requests[0]!.answer.resolve(ok(['a'])));
    await a;
    await tick();
    store.requests[1]!.answer.resolve(ok(['b', 'c']));
    await Promise.all([b, c]);
    expect(seen).toEqual(['PayOut', 'the journal']);
  });
});
