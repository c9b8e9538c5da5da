import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorMessage, formatDateTime, LoadState } from '../components/common';
import { useI18n } from '../i18n-context';
import type { Session } from '../session';
import type { FollowUpsView, RatingView } from '../types';
import { useLoad } from '../use-load';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/**
 * The region's bad ratings and their follow-ups (GET /follow-ups), overdue first: the supervisor
 * watches them, a clerk answers the open ones (POST /claims/{id}/follow-up; the API refuses the
 * clerk who decided the claim, and the page shows why).
 */
export function FollowUpsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const id = useId();
  const loaded = useLoad(() => api<FollowUpsView>('GET', '/follow-ups'), []);
  const d = loaded.data;
  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="title-row">
        <h1 id={`${id}-title`}>{t('followUpsTitle', { region: d?.region ?? session.region ?? '' })}</h1>
        <button type="button" className="secondary" onClick={loaded.reload}>
          {t('refresh')}
        </button>
      </div>
      <LoadState loading={loaded.loading && !d} error={loaded.error}>
        {d && (
          <>
            <dl className="kpis">
              <div className="kpi" data-kpi="satisfaction">
                <dt>{t('kpiSatisfaction')}</dt>
                <dd>{percent(d.satisfaction)}</dd>
              </div>
              <div className="kpi" data-kpi="follow-up-rate">
                <dt>{t('kpiFollowUpRate')}</dt>
                <dd>{percent(d.followUpRate)}</dd>
              </div>
              <div className="kpi" data-kpi="on-time-rate">
                <dt>{t('kpiOnTimeRate')}</dt>
                <dd>{percent(d.onTimeRate)}</dd>
              </div>
            </dl>
            {d.followUps.length === 0 ? (
              <p>{t('followUpsNone')}</p>
            ) : (
              <ul className="cards" aria-label={t('navFollowUps')}>
                {d.followUps.map((r) => (
                  <FollowUpItem
                    key={r.claimId}
                    rating={r}
                    canAnswer={session.role === 'clerk'}
                    onDone={loaded.reload}
                  />
                ))}
              </ul>
            )}
          </>
        )}
      </LoadState>
    </section>
  );
}

function FollowUpItem({
  rating,
  canAnswer,
  onDone,
}: {
  rating: RatingView;
  canAnswer: boolean;
  onDone(): void;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>();
  const f = rating.followUp;
  if (!f) return null;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/claims/${encodeURIComponent(rating.claimId)}/follow-up`, { answer: answer.trim() });
      onDone();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <li className={`card follow-up follow-up-${f.state}`} data-claim-id={rating.claimId} data-state={f.state}>
      <p>
        <a href={`#/clerk/cases/${encodeURIComponent(rating.claimId)}`} className="mono">
          {rating.claimId}
        </a>{' '}
        <span className={`badge follow-up-badge-${f.state}`}>{t(`followUpState_${f.state}`)}</span>
        {f.escalatedAt && <span className="badge badge-escalated"> {t('followUpEscalated')}</span>}
      </p>
      <dl className="facts">
        <dt>{t('ratingLevel')}</dt>
        <dd>{t(`level_${rating.level}`)}</dd>
        <dt>{t('ratingSubScoresCol')}</dt>
        <dd>
          {Object.entries(rating.subScores)
            .map(([code, level]) => `${code}: ${t(`level_${level}`)}`)
            .join('；') || '—'}
        </dd>
        <dt>{t('ratingCommentCol')}</dt>
        <dd>{rating.comment ?? '—'}</dd>
        <dt>{t('followUpDue')}</dt>
        <dd>{f.dueDate}</dd>
      </dl>
      {f.answer ? (
        <blockquote data-testid="follow-up-answer">
          {f.answer.text}
          <br />
          <span className="note">
            {f.answer.clerkId} · {formatDateTime(f.answer.at, language)}
            {!f.answer.onTime && t('followUpLate')}
          </span>
        </blockquote>
      ) : (
        canAnswer && (
          <form onSubmit={submit}>
            <label htmlFor={`${id}-answer`}>{t('followUpAnswer')}</label>
            <textarea
              id={`${id}-answer`}
              required
              maxLength={1000}
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
            />
            {error !== undefined && <ErrorMessage error={error} />}
            <button type="submit" className="primary">
              {t('followUpSend')}
            </button>
          </form>
        )
      )}
    </li>
  );
}
