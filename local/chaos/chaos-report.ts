import { demoFigures } from '../demo/summary';
import { formatSeconds } from '../demo/stats';
import type { ClaimOutcome } from '../demo/outcome';
import type { ChaosRun } from './run-chaos';

/** Every check the run makes, in one list: the demo's, the operator tools', and the tree's own. */
export function chaosChecks(
  run: ChaosRun,
): { name: string; ok: boolean; detail: string; problems?: readonly string[] }[] {
  const recovered = run.kills.filter((k) => k.recoveredMs !== undefined).length;
  return [
    ...run.demo.checks.map((c) => ({
      name: c.name,
      ok: c.ok,
      detail: c.detail,
      ...(c.problems.length > 0 && { problems: c.problems.slice(0, 10) }),
    })),
    ...run.tools.map((t) => ({ name: t.name, ok: t.ok, detail: lastLine(t.output) })),
    {
      name: 'every kill recovered without a person',
      ok: run.gaveUp === undefined && run.kills.length === run.plannedKills && recovered === run.kills.length,
      detail: run.gaveUp ?? `${recovered} of ${run.plannedKills} kills recovered by the supervisor`,
    },
    {
      name: 'the batch finished in time',
      ok: !run.demo.timedOut && !run.demo.interrupted,
      detail: run.demo.timedOut ? `stopped following after ${run.options.timeoutSeconds} s` : 'settled',
    },
  ];
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .at(-1) ?? '(no output)';

/** The queue fact leaves the timeline with the case; the clerk's decision stays. */
const waitedForClerk = (o: ClaimOutcome): boolean =>
  o.last?.timeline.some((t) => t.fact === 'queued_for_clerk' || t.fact === 'decided') ?? false;

/** Why claims waited for a clerk: their finding codes, or the failure that put them in the queue. */
export function clerkReasons(outcomes: readonly ClaimOutcome[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const o of outcomes.filter(waitedForClerk)) {
    const codes = [...new Set(o.last?.reasons.map((r) => r.code))];
    const why =
      codes.length > 0
        ? codes.sort().join('+')
        : o.failureSeen !== undefined
          ? `failed step: ${o.failureSeen}`
          : 'not seen in the queue';
    reasons[why] = (reasons[why] ?? 0) + 1;
  }
  return reasons;
}

/** A Markdown table (it goes into bench/README.md as printed). */
export function renderChaosTable(run: ChaosRun): string[] {
  const figures = demoFigures(run.demo);
  const { all } = figures.latencies;
  const submitted = run.demo.outcomes.filter((o) => o.claimId !== undefined).length;
  const byProcess = (name: string) =>
    run.kills
      .filter((k) => k.process === name)
      .map(
        (k) => `${formatSeconds(k.recoveredMs)}${k.settledShare === undefined ? ' (after the batch)' : ''}`,
      )
      .join(', ') || '–';
  const reasons = Object.entries(clerkReasons(run.demo.outcomes)).sort((a, b) => b[1] - a[1]);
  const waited = reasons.reduce((sum, [, n]) => sum + n, 0);
  const statuses = Object.entries(figures.statusCounts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const checks = chaosChecks(run);
  return [
    '| measure | value |',
    '| --- | --- |',
    `| claims | ${run.options.claims} planned, ${submitted} accepted: ${statuses} |`,
    `| hospital faults | ${run.demo.faults.length} hospital(s) (rate ${run.options.faults}) |`,
    `| claims/s (first submit → last terminal) | ${figures.claimsPerSecond?.toFixed(2) ?? '– (unfinished claims)'} |`,
    `| submit → paid p50 / p95 / max | ${formatSeconds(all.p50Ms)} / ${formatSeconds(all.p95Ms)} / ${formatSeconds(all.maxMs)} (${all.count} paid) |`,
    `| kills (SIGKILL) | ${run.kills.length} of ${run.plannedKills} planned |`,
    `| recovery, crossclaim | ${byProcess('crossclaim')} |`,
    `| recovery, world (hospitals + bank) | ${byProcess('world')} |`,
    `| recovery, DynamoDB Local | ${byProcess('dynamodb')} |`,
    `| waited for a clerk | ${waited}${reasons.length > 0 ? `: ${reasons.map(([why, n]) => `${why} ${n}`).join(', ')}` : ''} |`,
    `| dead letters | ${run.deadLetters.length}${run.deadLetters.length > 0 ? `: ${summarizeLetters(run)}` : ''} |`,
    `| checks | ${checks.filter((c) => c.ok).length} of ${checks.length} hold${
      checks.some((c) => !c.ok)
        ? `; failed: ${checks
            .filter((c) => !c.ok)
            .map((c) => c.name)
            .join(', ')}`
        : ''
    } |`,
    `| wall time (start of the tree → checks done) | ${formatSeconds(run.wallMs)} |`,
  ];
}

function summarizeLetters(run: ChaosRun): string {
  const counts: Record<string, number> = {};
  for (const letter of run.deadLetters) {
    const key = `${letter.ruleName} (${letter.error.slice(0, 60)})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.entries(counts)
    .map(([key, n]) => `${key} ×${n}`)
    .join('; ');
}
