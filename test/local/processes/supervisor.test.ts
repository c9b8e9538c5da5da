import { describe, expect, it } from 'vitest';
import { restartDelayMs, supervise, type SupervisorEvent } from '../../../local/processes/supervisor';

/** A stand-in process: dies when told to, counts its stops. */
function fakeProcess(pid: number) {
  let die: (exit: number | string) => void = () => undefined;
  const exited = new Promise<number | string>((resolve) => (die = resolve));
  const handle = {
    pid,
    exited,
    stops: 0,
    kill: (exit: number | string = 'SIGKILL') => die(exit),
    stop: async () => {
      handle.stops += 1;
      die(0);
      await exited;
    },
  };
  return handle;
}

const until = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('supervisor', () => {
  it('backs off 1 s, 2 s, 4 s … up to the maximum', () => {
    expect([1, 2, 3, 4, 10].map((n) => restartDelayMs(n, 1000, 5000))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('starts a killed process again, logs crash and restart, and stops the new one on stop()', async () => {
    const started: ReturnType<typeof fakeProcess>[] = [];
    const events: SupervisorEvent[] = [];
    const supervisor = await supervise({
      name: 'world',
      start: async () => {
        const p = fakeProcess(100 + started.length);
        started.push(p);
        return p;
      },
      onEvent: (event) => events.push(event),
      baseDelayMs: 10,
    });
    started[0]?.kill('SIGKILL');
    await until(() => supervisor.restarts() === 1);
    expect(supervisor.current().pid).toBe(101);
    expect(events.map((e) => e.kind)).toEqual(['crashed', 'restarting', 'restarted']);
    expect(events[0]).toMatchObject({ name: 'world', pid: 100, exit: 'SIGKILL' });

    await supervisor.stop();
    expect(started[1]?.stops).toBe(1);
    // Stopping is not a crash: no restart follows it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toHaveLength(2);
  });

  it('gives up on a crash loop with a message naming the process, and starts it no more', async () => {
    let starts = 0;
    const events: SupervisorEvent[] = [];
    const supervisor = await supervise({
      name: 'crossclaim',
      start: async () => {
        starts += 1;
        const p = fakeProcess(starts);
        // Every incarnation after the first dies at once, with exit code 1.
        if (starts > 1) setTimeout(() => p.kill(1), 1);
        return p;
      },
      onEvent: (event) => events.push(event),
      baseDelayMs: 1,
      crashLimit: 3,
      crashWindowMs: 60_000,
    });
    const first = supervisor.current() as ReturnType<typeof fakeProcess>;
    first.kill(1);
    const reason = await supervisor.gaveUp;
    expect(reason).toContain('crossclaim crashed 4 times within 60 s');
    expect(reason).toContain('crash loop');
    expect(starts).toBe(4);
    expect(events.filter((e) => e.kind === 'gave-up')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(starts).toBe(4);
  });

  it('counts only the crashes of the last window: slow failed starts spread over time are no loop', async () => {
    let starts = 0;
    const events: SupervisorEvent[] = [];
    const supervisor = await supervise({
      name: 'crossclaim',
      start: async () => {
        starts += 1;
        // Starts 2–4 fail, each after longer than the window.
        if (starts >= 2 && starts <= 4) {
          await new Promise((resolve) => setTimeout(resolve, 40));
          throw new Error('crossclaim was not ready within 60000 ms');
        }
        return fakeProcess(starts);
      },
      onEvent: (event) => events.push(event),
      baseDelayMs: 1,
      crashLimit: 2,
      crashWindowMs: 30,
    });
    (supervisor.current() as ReturnType<typeof fakeProcess>).kill();
    await until(() => supervisor.restarts() === 1, 5000);
    expect(starts).toBe(5);
    expect(events.filter((e) => e.kind === 'gave-up')).toEqual([]);
    await supervisor.stop();
  });

  it('counts a restart that fails to start as a crash and tries again', async () => {
    let starts = 0;
    const events: SupervisorEvent[] = [];
    const supervisor = await supervise({
      name: 'dynamodb',
      start: async () => {
        starts += 1;
        if (starts === 2) throw new Error('port 8000 is in use\nmore detail');
        return fakeProcess(starts);
      },
      onEvent: (event) => events.push(event),
      baseDelayMs: 1,
    });
    (supervisor.current() as ReturnType<typeof fakeProcess>).kill();
    await until(() => supervisor.restarts() === 1);
    expect(starts).toBe(3);
    expect(events.find((e) => e.kind === 'restart-failed')).toMatchObject({ error: 'port 8000 is in use' });
    await supervisor.stop();
  });
});
