import { useState } from 'react';
import { api, ApiError } from '../api';
import { ErrorMessage, LoadState, StatusBadge } from '../components/common';
import { CheckPanel, DecisionPanel } from '../components/decision-panels';
import { HistoryList } from '../components/history-list';
import { ReceiptCompare } from '../components/receipt-compare';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import type { Session } from '../session';
import type {
  ClaimView,
  DecisionRecorded,
  EobLine,
  EobView,
  HistoryView,
  ReceiptsView,
  ReceiptView,
} from '../types';
import { useLoad } from '../use-load';

interface CaseData {
  claim: ClaimView;
  history: HistoryView;
  eob?: EobView;
  receipts: ReceiptView[];
}

async function loadCase(claimId: string): Promise<CaseData> {
  const path = `/claims/${encodeURIComponent(claimId)}`;
  const [claim, history, receipts] = await Promise.all([
    api<ClaimView>('GET', path),
    api<HistoryView>('GET', `${path}/history`),
    api<ReceiptsView>('GET', `${path}/receipts`),
  ]);
  let eob: EobView | undefined;
  try {
    eob = await api<EobView>('GET', `${path}/eob`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 409)) throw e;
  }
  return { claim, history, eob, receipts: receipts.receipts };
}

/**
 * A case for a clerk: take it, compare each receipt image with what was read and with the
 * e-bill, adjust lines, decide (approve, adjust, reject, ask the citizen), or check another
 * clerk's decision (maker-checker), with the case history below.
 */
export function CasePage({ claimId, session }: { claimId: string; session: Session }) {
  const { t, language } = useI18n();
  const loaded = useLoad(() => loadCase(claimId), [claimId]);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const data = loaded.data;
  const path = `/claims/${encodeURIComponent(claimId)}`;
  const isClerk = session.role === 'clerk';
  const mine = data?.claim.assignee?.clerkId === session.sub;
  const waiting = data && (data.claim.status === 'IN_REVIEW' || data.claim.status === 'FAILED');

  async function act(run: () => Promise<string | undefined>) {
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await run());
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <LoadState loading={loaded.loading && !data} error={loaded.error}>
      {data && (
        <article aria-labelledby="case-title" data-claim-id={claimId}>
          <div className="title-row">
            <h1 id="case-title">{t('caseTitle', { id: claimId })}</h1>
            <StatusBadge status={data.claim.status} />
          </div>
          <p className="facts-inline">
            {data.claim.insured.nameMasked} · {data.claim.insured.idNumberMasked} · {data.claim.hospitalCode}{' '}
            · {t(data.claim.visit.careType)} · {data.claim.visit.serviceDate}
          </p>
          {data.claim.reasons.length > 0 && (
            <ul className="reasons" aria-label={t('queueReason')}>
              {data.claim.reasons.map((r) => (
                <li key={r.code}>
                  <strong>{r.code}</strong> {r[language]}
                  {r.detail && <span className="note"> — {r.detail}</span>}
                </li>
              ))}
            </ul>
          )}

          {isClerk && waiting && (
            <div className="actions">
              {data.claim.assignee && !mine ? (
                <p data-testid="assignee">{t('takenByOther', { clerk: data.claim.assignee.clerkId })}</p>
              ) : mine ? (
                <>
                  <p data-testid="assignee">{t('takenBy', { clerk: session.sub })}</p>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => act(async () => (await api('DELETE', `${path}/assignment`), undefined))}
                  >
                    {t('release')}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="primary"
                  onClick={() => act(async () => (await api('POST', `${path}/assignment`), undefined))}
                >
                  {t('take')}
                </button>
              )}
            </div>
          )}
          {message && (
            <p role="status" className="ok" data-testid="case-message">
              {message}
            </p>
          )}
          {error !== undefined && <ErrorMessage error={error} />}

          {data.claim.pendingCheck && isClerk && (
            <CheckPanel
              claim={data.claim}
              session={session}
              onCheck={(verdict, note) => act(() => check(verdict, note))}
            />
          )}

          <section className="card" aria-labelledby="receipts-title">
            <h2 id="receipts-title">{t('receiptTitle')}</h2>
            {data.receipts.length === 0 ? (
              <p>{t('noReceipts')}</p>
            ) : (
              data.receipts.map((r) => <ReceiptCompare key={r.receiptId} claimId={claimId} receipt={r} />)
            )}
          </section>

          {isClerk && waiting && mine && !data.claim.pendingCheck ? (
            <DecisionPanel eob={data.eob} onDecide={(body) => act(() => decide(body))} />
          ) : (
            data.eob && (
              <section className="card" aria-labelledby="lines-title">
                <h2 id="lines-title">{t('linesTitle')}</h2>
                <LinesTable lines={data.eob.lines} />
              </section>
            )
          )}

          <section className="card" aria-labelledby="case-history-title">
            <h2 id="case-history-title">{t('historyOfCase')}</h2>
            <HistoryList history={data.history} />
          </section>
        </article>
      )}
    </LoadState>
  );

  async function decide(body: Record<string, unknown>): Promise<string> {
    const answer = await api<DecisionRecorded>('POST', `${path}/decision`, body);
    const sent = t('decisionSent', { decision: String(answer.decision) });
    return answer.awaitingCheck ? `${sent} ${t('decisionAwaitingCheck')}` : sent;
  }

  async function check(verdict: 'confirm' | 'return', note: string): Promise<string> {
    await api('POST', `${path}/check`, { verdict, ...(note.trim() && { note: note.trim() }) });
    return t('checkSent');
  }
}

function LinesTable({ lines }: { lines: EobLine[] }) {
  const { t, language } = useI18n();
  return (
    <div className="table-scroll" role="region" aria-label={t('linesTable')} tabIndex={0}>
      <table className="eob">
        <thead>
          <tr>
            <th scope="col">{t('eobItem')}</th>
            <th scope="col" className="num">
              {t('eobSubmitted')}
            </th>
            <th scope="col" className="num">
              {t('eobBenefit')}
            </th>
            <th scope="col">{t('eobReason')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.seq} data-line={l.seq}>
              <th scope="row">{l.name}</th>
              <td className="num money">{formatFen(l.submittedFen)}</td>
              <td className="num money">{formatFen(l.benefitFen)}</td>
              <td>{l.reason[language]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
