import { useI18n } from '../i18n-context';
import type { MessageKey } from '../i18n';
import type { ClaimStatus, HistoryEntry } from '../types';
import { formatDateTime } from './common';

/**
 * The claim's progress as the citizen reads it — submitted, fetched, read, checked, decided,
 * paid — each step with the time the case record says it happened (GET /claims/{id}/history).
 */

interface Step {
  key: MessageKey;
  /** The first history entry that completes the step. */
  done(entry: HistoryEntry): boolean;
}

const movedTo = (entry: HistoryEntry, ...statuses: ClaimStatus[]) =>
  entry.action === 'status.changed' && statuses.includes(entry.after?.status as ClaimStatus);
const movedFrom = (entry: HistoryEntry, ...statuses: ClaimStatus[]) =>
  entry.action === 'status.changed' && statuses.includes(entry.before?.status as ClaimStatus);

const STEPS: Step[] = [
  { key: 'stepSubmitted', done: (e) => e.action === 'claim.submitted' },
  { key: 'stepFetched', done: (e) => movedFrom(e, 'FETCHING', 'WAITING_FOR_EBILL') },
  { key: 'stepRead', done: (e) => movedFrom(e, 'READING') },
  { key: 'stepChecked', done: (e) => movedFrom(e, 'VERIFYING') },
  {
    key: 'stepDecided',
    done: (e) => movedTo(e, 'APPROVED', 'PAID', 'REJECTED') || e.action === 'decision.recorded',
  },
  { key: 'stepPaid', done: (e) => movedTo(e, 'PAID') },
];

export function Timeline({ entries, status }: { entries: HistoryEntry[]; status: ClaimStatus }) {
  const { t, language } = useI18n();
  const rejected = status === 'REJECTED';
  const steps = rejected
    ? [
        ...STEPS.slice(0, 5),
        { key: 'stepRejected' as const, done: (e: HistoryEntry) => movedTo(e, 'REJECTED') },
      ]
    : STEPS;
  const reached = steps.map((step) => entries.find((e) => step.done(e)));
  const current = reached.findIndex((r) => r === undefined);
  return (
    <ol className="timeline" aria-label={t('timelineTitle')}>
      {steps.map((step, i) => {
        const entry = reached[i];
        const state = entry ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={step.key} className={`step step-${state}`} data-step={step.key} data-state={state}>
            <span className="step-mark" aria-hidden="true">
              {entry ? '✓' : i + 1}
            </span>
            <span className="step-label">{t(step.key)}</span>
            <span className="step-time">
              {entry ? (
                <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
              ) : state === 'current' ? (
                t('stepPending')
              ) : (
                ''
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
