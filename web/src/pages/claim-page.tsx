import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorMessage, formatDateTime, LoadState, StatusBadge } from '../components/common';
import { AccessLog } from '../components/access-log';
import { EobTable } from '../components/eob-table';
import { RatingCard } from '../components/rating-card';
import { useElderMode } from '../elder-mode';
import { HistoryList } from '../components/history-list';
import { Timeline } from '../components/timeline';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import type { AppealFiled, ClaimStatus, ClaimView, EobView, HistoryView } from '../types';
import { useLoad } from '../use-load';

const CLOSED: ReadonlySet<ClaimStatus> = new Set(['PAID', 'REJECTED']);
/** While the machine works on a claim the page asks again this often. */
const FOLLOW_MS = 1500;

interface ClaimPageData {
  claim: ClaimView;
  history: HistoryView;
  eob?: EobView;
}

async function loadClaim(claimId: string): Promise<ClaimPageData> {
  const path = `/claims/${encodeURIComponent(claimId)}`;
  const [claim, history] = await Promise.all([
    api<ClaimView>('GET', path),
    api<HistoryView>('GET', `${path}/history`),
  ]);
  let eob: EobView | undefined;
  try {
    eob = await api<EobView>('GET', `${path}/eob`);
  } catch (e) {
    // 409 not_adjudicated: nothing to explain yet.
    if (!(e instanceof ApiError && e.status === 409)) throw e;
  }
  return { claim, history, eob };
}

/** One claim for its citizen: progress, explanation of benefits, and what they can do next. */
export function ClaimPage({ claimId }: { claimId: string }) {
  const { t, language } = useI18n();
  const loaded = useLoad(() => loadClaim(claimId), [claimId]);
  const status = loaded.data?.claim.status;
  const { reload } = loaded;

  // Follow the claim while the machine is working on it.
  useEffect(() => {
    if (!status || CLOSED.has(status) || status === 'WAITING_FOR_INFO') return;
    const timer = setTimeout(reload, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [status, loaded.data, reload]);

  const data = loaded.data;
  const { elder } = useElderMode();
  const [details, setDetails] = useState(false);
  if (elder && !details && data) {
    return <ElderClaim data={data} onDone={reload} onDetails={() => setDetails(true)} />;
  }
  return (
    <LoadState loading={loaded.loading && !data} error={loaded.error}>
      {data && (
        <article aria-labelledby="claim-title" data-claim-id={data.claim.claimId}>
          <div className="title-row">
            <h1 id="claim-title">{t('claimTitle', { id: data.claim.claimId })}</h1>
            <StatusBadge status={data.claim.status} />
          </div>
          <p className="facts-inline">
            {data.claim.hospitalCode} · {t(data.claim.visit.careType)} · {data.claim.visit.serviceDate}
          </p>
          {data.claim.filedBy && (
            <p className="note" data-testid="filed-by">
              {data.claim.filedBy.role === 'agent'
                ? t('filedByAgent', {
                    agent: data.claim.filedBy.agentId ?? '',
                    region: data.claim.filedBy.region ?? '',
                  })
                : t('filedByDelegate', { delegation: data.claim.filedBy.authorityId })}
            </p>
          )}

          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('timelineTitle')}</h2>
            <Timeline entries={data.history.entries} status={data.claim.status} />
          </section>

          {data.claim.reasons.length > 0 && !CLOSED.has(data.claim.status) && (
            <section className="card" aria-labelledby="reasons-title">
              <h2 id="reasons-title">{t('reasonsTitle')}</h2>
              <ul>
                {data.claim.reasons.map((r) => (
                  <li key={r.code}>{r[language]}</li>
                ))}
              </ul>
            </section>
          )}

          {data.claim.infoRequest && <InfoAnswer claim={data.claim} onDone={reload} />}

          <section className="card" aria-labelledby="eob-title">
            <h2 id="eob-title">{t('eobTitle')}</h2>
            {data.eob ? (
              <>
                <EobTable eob={data.eob} />
                {data.eob.payment && (
                  <p className="paid" data-testid="payment">
                    {t('eobPaidOn', {
                      date: data.eob.payment.date,
                      amount: formatFen(data.eob.payment.amountFen),
                      ref: data.eob.payment.bankReference ?? '—',
                    })}
                  </p>
                )}
              </>
            ) : (
              <p>{t('eobPending')}</p>
            )}
          </section>

          {CLOSED.has(data.claim.status) && <RatingCard claimId={data.claim.claimId} />}
          {(CLOSED.has(data.claim.status) || (data.claim.appeals?.length ?? 0) > 0) && (
            <Appeal claim={data.claim} onDone={reload} />
          )}

          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title">{t('historyTitle')}</h2>
            <HistoryList history={data.history} />
          </section>
          <AccessLog claimId={data.claim.claimId} />
          <p className="note">{formatDateTime(data.claim.updatedAt, language)}</p>
        </article>
      )}
    </LoadState>
  );
}

function InfoAnswer({ claim, onDone }: { claim: ClaimView; onDone(): void }) {
  const { t, language } = useI18n();
  const id = useId();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const request = claim.infoRequest;
  if (!request) return null;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/claims/${encodeURIComponent(claim.claimId)}/information`, {
        answer: answer.trim(),
      });
      setSent(true);
      onDone();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section className="card attention" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('infoRequestTitle')}</h2>
      <blockquote>{request.question}</blockquote>
      <p>{t('infoDeadline', { date: formatDateTime(request.deadline, language) })}</p>
      {request.answeredAt && <blockquote className="answer">{request.answer}</blockquote>}
      {sent || request.answeredAt ? (
        <p role="status">{t('infoSent')}</p>
      ) : claim.status !== 'WAITING_FOR_INFO' ? null : (
        <form onSubmit={submit}>
          <label htmlFor={`${id}-answer`}>{t('infoAnswer')}</label>
          <textarea
            id={`${id}-answer`}
            required
            maxLength={2000}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          {error !== undefined && <ErrorMessage error={error} />}
          <button type="submit" className="primary">
            {t('infoSend')}
          </button>
        </form>
      )}
    </section>
  );
}

function Appeal({ claim, onDone }: { claim: ClaimView; onDone(): void }) {
  const { t, language } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [filed, setFiled] = useState<number>();
  const open = !claim.appealUntil || Date.parse(claim.appealUntil) > Date.now();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const answer = await api<AppealFiled>('POST', `/claims/${encodeURIComponent(claim.claimId)}/appeals`, {
        reason: reason.trim(),
      });
      setFiled(answer.appealNo);
      onDone();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('appealTitle')}</h2>
      {(claim.appeals?.length ?? 0) > 0 && (
        <ul aria-label={t('appealsList')}>
          {claim.appeals?.map((a) => (
            <li key={a.appealNo}>
              #{a.appealNo} · {formatDateTime(a.filedAt, language)} · {a.status} · {a.reason}
            </li>
          ))}
        </ul>
      )}
      {claim.status === 'REJECTED' && <p className="note">{t('appealRejection')}</p>}
      {filed !== undefined ? (
        <p role="status">{t('appealSent', { n: filed })}</p>
      ) : (
        open &&
        // A paid claim is re-adjudicated; a rejected one goes back to a clerk with the reason.
        (claim.status === 'PAID' || claim.status === 'REJECTED') && (
          <form onSubmit={submit}>
            <label htmlFor={`${id}-reason`}>{t('appealReason')}</label>
            <textarea
              id={`${id}-reason`}
              required
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {error !== undefined && <ErrorMessage error={error} />}
            <button type="submit" className="secondary">
              {t('appealSend')}
            </button>
          </form>
        )
      )}
    </section>
  );
}

/**
 * The claim in elder mode: where it stands in plain words, the amount, and the one thing to do
 * next (answer a clerk, rate the service, read the answer to a rating); the timeline, the
 * explanation table and the history are one button away.
 */
function ElderClaim({ data, onDone, onDetails }: { data: ClaimPageData; onDone(): void; onDetails(): void }) {
  const { t, language } = useI18n();
  const { claim, eob } = data;
  const statusKey =
    claim.status === 'PAID' ||
    claim.status === 'REJECTED' ||
    claim.status === 'WAITING_FOR_INFO' ||
    claim.status === 'IN_REVIEW'
      ? (`elderStatus_${claim.status}` as const)
      : 'elderStatus_working';
  return (
    <article aria-labelledby="claim-title" data-claim-id={claim.claimId} className="elder-claim">
      <h1 id="claim-title">{t('claimTitle', { id: claim.claimId })}</h1>
      <p className="elder-status" data-status={claim.status}>
        {t(statusKey)}
      </p>
      {claim.status === 'REJECTED' && claim.reasons.length > 0 && (
        <ul>
          {claim.reasons.map((r) => (
            <li key={r.code}>{r[language]}</li>
          ))}
        </ul>
      )}
      {eob?.payment && (
        <p className="elder-amount">
          {t('elderAmount')}：<strong className="money">{formatFen(eob.payment.amountFen)}</strong>
        </p>
      )}
      {claim.infoRequest && claim.status === 'WAITING_FOR_INFO' ? (
        <InfoAnswer claim={claim} onDone={onDone} />
      ) : CLOSED.has(claim.status) ? (
        <RatingCard claimId={claim.claimId} />
      ) : (
        <p>{t('elderNoAction')}</p>
      )}
      <button type="button" className="secondary" onClick={onDetails}>
        {t('elderDetails')}
      </button>
    </article>
  );
}
