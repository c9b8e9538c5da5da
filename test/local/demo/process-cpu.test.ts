import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuBetween, cpuLines, parseStat, partOf, processTreeCpu } from '../../../local/demo/process-cpu';

describe('CPU time of npm start’s processes, from /proc', () => {
  it('parses a stat line whose command holds spaces and parentheses', () => {
    const stat = '4242 (java (x) y) S 17 4242 4242 0 -1 4194560 1 0 0 0 250 75 0 0 20 0 30 0 100 0 0';
    expect(parseStat(4242, stat)).toEqual({ pid: 4242, parent: 17, cpuSeconds: 3.25 });
    expect(parseStat(1, 'garbage')).toBeUndefined();
  });

  it('names each part by its command line', () => {
    expect(partOf('java -jar DynamoDBLocal.jar', false)).toBe('DynamoDB Local (JVM)');
    expect(partOf('node --import tsx local/processes/crossclaim-main.ts', false)).toMatch(/^crossclaim/);
    expect(partOf('node --import tsx local/processes/world-main.ts', false)).toMatch(/simulated/);
    expect(partOf('node cli/crossclaim.mjs start', true)).toMatch(/supervisor/);
  });

  it.runIf(process.platform === 'linux')(
    'counts a busy child of the root under its part, while it runs',
    async () => {
      const busy = spawn(
        process.execPath,
        ['-e', 'const end = Date.now() + 3000; while (Date.now() < end) {}', 'world-main'],
        { stdio: 'ignore' },
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const during = processTreeCpu(process.pid) ?? {};
        expect(during['hospitals, bank, home region (simulated)']).toBeGreaterThan(0.3);
      } finally {
        busy.kill();
      }
      expect(processTreeCpu(2 ** 22 + 7)).toBeUndefined();
    },
  );

  it('says what each part costs a claim and what the cores allow', () => {
    const byPart = cpuBetween({ a: 1, b: 2 }, { a: 3, b: 2.5, c: 0.5 });
    expect(byPart).toEqual({ a: 2, b: 0.5, c: 0.5 });
    const [total, parts] = cpuLines({ claims: 100, byPart }, 2);
    expect(total).toContain('30 ms');
    expect(total).toContain('2 cores allow ≈ 66.7 claims/s');
    expect(parts).toBe('  a 20.0 ms · b 5.0 ms · c 5.0 ms');
    expect(cpuLines(undefined, 2)).toEqual([]);
  });
});
