import { useState } from 'react';
import { api } from '../api';
import { LoadState, StatusBadge, useDuration } from '../components/common';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import type { Session } from '../session';
import type { QueueItem, ReviewQueuePage } from '../types';
import { useLoad } from '../use-load';

type QueueStatus = 'IN_REVIEW' | 'FAILED';

/** The region's queue, oldest first, with SLA state, why each case is here and who has it. */
export function QueuePage({ session }: { session: Session }) {
  const { t, language } = useI18n();
  const duration = useDuration();
  const [status, setStatus] = useState<QueueStatus>('IN_REVIEW');
  const queue = useLoad(() => api<ReviewQueuePage>('GET', `/review-queue?status=${status}`), [status]);
  const ageOf = (q: QueueItem) =>
    q.ageSeconds ?? (q.queuedAt ? Math.max(0, Math.floor((Date.now() - Date.parse(q.queuedAt)) / 1000)) : 0);
  const claims = [...(queue.data?.claims ?? [])].sort((a, b) => ageOf(b) - ageOf(a));
  return (
    <section aria-labelledby="queue-title">
      <div className="title-row">
        <h1 id="queue-title">{t('queueTitle', { region: queue.data?.region ?? session.region ?? '' })}</h1>
        <button type="button" className="secondary" onClick={queue.reload}>
          {t('refresh')}
        </button>
      </div>
      <div role="group" aria-label={t('status')} className="segmented">
        {(['IN_REVIEW', 'FAILED'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {t(s === 'IN_REVIEW' ? 'queueInReview' : 'queueFailed')}
          </button>
        ))}
      </div>
      <LoadState loading={queue.loading} error={queue.error}>
        {claims.length === 0 ? (
          <p>{t('queueEmpty')}</p>
        ) : (
          <div className="table-scroll" role="region" aria-label={t('navQueue')} tabIndex={0}>
            <table className="queue">
              <thead>
                <tr>
                  <th scope="col">{t('claimId')}</th>
                  <th scope="col">{t('queueAge')}</th>
                  <th scope="col">{t('queueSla')}</th>
                  <th scope="col">{t('queueReason')}</th>
                  <th scope="col" className="num">
                    {t('queueBenefit')}
                  </th>
                  <th scope="col">{t('queueAssignee')}</th>
                </tr>
              </thead>
              <tbody>
                {claims.map((q) => (
                  <tr
                    key={q.claimId}
                    data-claim-id={q.claimId}
                    className={q.sla ? `sla-${q.sla.state}` : undefined}
                  >
                    <th scope="row">
                      <a href={`#/clerk/cases/${encodeURIComponent(q.claimId)}`} className="mono">
                        {q.claimId}
                      </a>{' '}
                      <StatusBadge status={q.status} />
                    </th>
                    <td>{duration(ageOf(q))}</td>
                    <td>
                      {q.sla ? (
                        <span className={`sla sla-${q.sla.state}`} data-sla={q.sla.state}>
                          {t(`sla_${q.sla.state}`)}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{q.reasons.map((r) => r[language]).join('；') || '—'}</td>
                    <td className="num money">
                      {q.benefitFen === undefined ? '—' : formatFen(q.benefitFen)}
                    </td>
                    <td>
                      {q.assignee?.clerkId ?? '—'}
                      {q.pendingCheck && <span className="badge badge-check"> {t('awaitingCheck')}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </section>
  );
}
