import type { ChartConfiguration } from 'chart.js';
import { useEffect, useId, useMemo, useState } from 'react';
import { api } from '../api';
import { formatDateTime, LoadState, useDuration } from '../components/common';
import { ChartCanvas, STATUS_COLOURS } from '../components/status-chart';
import { useI18n } from '../i18n-context';
import { isMessageKey, type Translate } from '../i18n';
import { formatFen } from '../money';
import type { Session } from '../session';
import type { ClaimStatus, DashboardView, EscalationsView } from '../types';
import { useLoad } from '../use-load';

/** How often the dashboard asks again: live enough to watch a queue, cheap for the API. */
export const REFRESH_SECONDS = 5;
const CHARTED: readonly ClaimStatus[] = [
  'PAID',
  'APPROVED',
  'REJECTED',
  'IN_REVIEW',
  'WAITING_FOR_INFO',
  'FAILED',
  'APPEALED',
];

const statusWord = (t: Translate, status: string) => {
  const key = `status_${status}`;
  return isMessageKey(key) ? t(key) : status;
};

/** Statuses outside CHARTED (the machine still working) are one "other" band. */
function countsOf(byStatus: Record<ClaimStatus, number>): Record<string, number> {
  const counts: Record<string, number> = { OTHER: 0 };
  for (const [status, n] of Object.entries(byStatus)) {
    if ((CHARTED as readonly string[]).includes(status)) counts[status] = n;
    else counts.OTHER = (counts.OTHER ?? 0) + n;
  }
  return counts;
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** A region's service level for its supervisor, refreshed live (GET /dashboard). */
export function DashboardPage({ session }: { session: Session }) {
  const { t, language } = useI18n();
  const id = useId();
  const duration = useDuration();
  const [region, setRegion] = useState(session.region ?? '330400');
  const query = session.role === 'admin' ? `?region=${encodeURIComponent(region)}` : '';
  const loaded = useLoad(() => api<DashboardView>('GET', `/dashboard${query}`), [query]);
  const escalations = useLoad(() => api<EscalationsView>('GET', `/escalations${query}`), [query]);
  const { reload } = loaded;
  const reloadEscalations = escalations.reload;
  useEffect(() => {
    const timer = setInterval(() => {
      reload();
      reloadEscalations();
    }, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [reload, reloadEscalations]);
  const d = loaded.data;

  const perDay = useMemo((): ChartConfiguration | undefined => {
    if (!d) return undefined;
    const series = [...CHARTED, 'OTHER'];
    return {
      type: 'bar',
      data: {
        labels: d.perDay.map((p) => p.date.slice(5)),
        datasets: series.map((status) => ({
          label: status === 'OTHER' ? '…' : statusWord(t, status),
          data: d.perDay.map((p) => countsOf(p.byStatus)[status] ?? 0),
          backgroundColor: STATUS_COLOURS[status] ?? '#999',
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    };
  }, [d, t]);

  const byStatus = useMemo((): ChartConfiguration | undefined => {
    if (!d) return undefined;
    const counts = Object.entries(countsOf(d.byStatus)).filter(([, n]) => n > 0);
    return {
      type: 'doughnut',
      data: {
        labels: counts.map(([s]) => (s === 'OTHER' ? '…' : statusWord(t, s))),
        datasets: [
          {
            data: counts.map(([, n]) => n),
            backgroundColor: counts.map(([s]) => STATUS_COLOURS[s] ?? '#999'),
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
      },
    };
  }, [d, t]);

  const kpis: [string, string, string][] = d
    ? [
        ['total', t('kpiTotal'), String(d.total)],
        [
          'auto-share',
          t('kpiAutoShare'),
          d.decided.automaticShare === null ? '—' : `${Math.round(d.decided.automaticShare * 100)}%`,
        ],
        ['p50', t('kpiP50'), duration(d.submitToPaid.p50Seconds)],
        ['p95', t('kpiP95'), duration(d.submitToPaid.p95Seconds)],
        ['queue', t('kpiQueue'), String(d.queue.size)],
        ['oldest', t('kpiOldest'), duration(d.queue.oldestAgeSeconds)],
        ['breaches', t('kpiBreaches'), String(d.queue.slaBreaches)],
        ['payouts', t('kpiPayouts'), formatFen(d.payouts.totalFen)],
        [
          'ratings',
          t('kpiRatings'),
          d.ratings.averageScore === null
            ? '—'
            : `${d.ratings.averageScore} / 5 (${t('ratingsCount', { n: d.ratings.count })})`,
        ],
        ['satisfaction', t('kpiSatisfaction'), percent(d.ratings.satisfaction)],
        ['follow-up-rate', t('kpiFollowUpRate'), percent(d.ratings.followUpRate)],
        ['on-time-rate', t('kpiOnTimeRate'), percent(d.ratings.onTimeRate)],
      ]
    : [];

  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="title-row">
        <h1 id={`${id}-title`}>{t('dashboardTitle', { region: d?.region ?? region })}</h1>
        <p className="note" aria-live="polite">
          {t('autoRefresh', { n: REFRESH_SECONDS })}
          {d && ` · ${t('lastUpdated', { time: formatDateTime(d.generatedAt, language) })}`}
        </p>
      </div>
      {session.role === 'admin' && (
        <p>
          <label htmlFor={`${id}-region`}>{t('regionLabel')}</label>{' '}
          <input
            id={`${id}-region`}
            pattern="\d{6}"
            inputMode="numeric"
            value={region}
            onChange={(e) => /^\d{6}$/.test(e.target.value) && setRegion(e.target.value)}
          />
        </p>
      )}
      <LoadState loading={loaded.loading && !d} error={loaded.error}>
        {d && (
          <>
            <dl className="kpis">
              {kpis.map(([key, label, value]) => (
                <div key={key} className="kpi" data-kpi={key}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <div className="charts">
              <section className="card" aria-labelledby={`${id}-perday`}>
                <h2 id={`${id}-perday`}>{t('chartPerDay')}</h2>
                {perDay && <ChartCanvas config={perDay} label={t('chartPerDay')} />}
              </section>
              <section className="card" aria-labelledby={`${id}-status`}>
                <h2 id={`${id}-status`}>{t('chartStatus')}</h2>
                {byStatus && <ChartCanvas config={byStatus} label={t('chartStatus')} />}
              </section>
            </div>
            <section className="card" aria-labelledby={`${id}-escalations`}>
              <h2 id={`${id}-escalations`}>{t('escalationsTitle')}</h2>
              <LoadState loading={escalations.loading && !escalations.data} error={escalations.error}>
                {escalations.data?.claims.length === 0 ? (
                  <p>{t('noEscalations')}</p>
                ) : (
                  <ul className="escalations">
                    {escalations.data?.claims.map((q) => (
                      <li key={q.claimId} data-claim-id={q.claimId}>
                        <a href={`#/clerk/cases/${encodeURIComponent(q.claimId)}`} className="mono">
                          {q.claimId}
                        </a>{' '}
                        · {t('escalatedAt')} {formatDateTime(q.escalatedAt, language)} · {t('queueAssignee')}{' '}
                        {q.assignee?.clerkId ?? '—'} · {q.reasons.map((r) => r[language]).join('；')}
                      </li>
                    ))}
                  </ul>
                )}
              </LoadState>
            </section>
            <details className="card">
              <summary>{t('chartTable')}</summary>
              <table className="status-table">
                <thead>
                  <tr>
                    <th scope="col">{t('status')}</th>
                    <th scope="col" className="num">
                      {t('count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(d.byStatus)
                    .filter(([, n]) => n > 0)
                    .map(([status, n]) => (
                      <tr key={status} data-status={status}>
                        <th scope="row">{statusWord(t, status)}</th>
                        <td className="num">{n}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </LoadState>
    </section>
  );
}
