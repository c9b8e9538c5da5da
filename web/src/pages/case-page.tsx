import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorMessage, LoadState, StatusBadge } from '../components/common';
import { HistoryList } from '../components/history-list';
import { ReceiptCompare } from '../components/receipt-compare';
import { useI18n } from '../i18n-context';
import type { MessageKey } from '../i18n';
import { fenToInput, formatFen, parseYuan } from '../money';
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

const REJECTION_CODES = [
  'DOCUMENTS_INCOMPLETE',
  'NOT_COVERED',
  'DUPLICATE_CLAIM',
  'BILL_NOT_CONFIRMED',
  'IDENTITY_MISMATCH',
  'OTHER',
] as const;

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

type Action = 'approve' | 'reject' | 'request_info';

function DecisionPanel({ eob, onDecide }: { eob?: EobView; onDecide(body: Record<string, unknown>): void }) {
  const { t, language } = useI18n();
  const id = useId();
  const [allowed, setAllowed] = useState<Record<number, string>>({});
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [action, setAction] = useState<Action>('approve');
  const [note, setNote] = useState('');
  const [reasonCode, setReasonCode] = useState<(typeof REJECTION_CODES)[number]>('NOT_COVERED');
  const [question, setQuestion] = useState('');
  const [deadlineDays, setDeadlineDays] = useState('7');
  const [invalid, setInvalid] = useState<string>();

  const lines = eob?.lines ?? [];
  const adjusted = lines.flatMap((l) => {
    const text = allowed[l.seq];
    if (text === undefined || text.trim() === fenToInput(l.submittedFen)) return [];
    return [
      { seq: l.seq, allowedFen: parseYuan(text), reason: (reasons[l.seq] ?? '').trim(), max: l.submittedFen },
    ];
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setInvalid(undefined);
    if (action === 'reject') return onDecide({ decision: 'reject', reasonCode, note: note.trim() });
    if (action === 'request_info') {
      return onDecide({
        decision: 'request_info',
        question: question.trim(),
        deadlineDays: Number(deadlineDays),
      });
    }
    if (adjusted.length === 0)
      return onDecide({ decision: 'approve', ...(note.trim() && { note: note.trim() }) });
    const bad = adjusted.find((a) => a.allowedFen === undefined || a.allowedFen > a.max || a.reason === '');
    if (bad) {
      setInvalid(`#${bad.seq}`);
      return;
    }
    onDecide({
      decision: 'adjust',
      lines: adjusted.map(({ seq, allowedFen, reason }) => ({ seq, allowedFen, reason })),
      ...(note.trim() && { note: note.trim() }),
    });
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('linesTitle')}</h2>
      <div className="table-scroll" role="region" aria-label={t('linesTableAdjust')} tabIndex={0}>
        <table className="eob adjust">
          <thead>
            <tr>
              <th scope="col">{t('eobItem')}</th>
              <th scope="col" className="num">
                {t('eobSubmitted')}
              </th>
              <th scope="col" className="num">
                {t('eobBenefit')}
              </th>
              <th scope="col">{t('allowed')}</th>
              <th scope="col">{t('adjustReason')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const changed = adjusted.some((a) => a.seq === l.seq);
              return (
                <tr key={l.seq} data-line={l.seq} className={changed ? 'changed' : undefined}>
                  <th scope="row">
                    {l.name}
                    <div className="note">{l.reason[language]}</div>
                  </th>
                  <td className="num money">{formatFen(l.submittedFen)}</td>
                  <td className="num money">{formatFen(l.benefitFen)}</td>
                  <td>
                    <input
                      aria-label={`${t('allowed')} #${l.seq} ${l.name}`}
                      inputMode="decimal"
                      className="amount"
                      value={allowed[l.seq] ?? fenToInput(l.submittedFen)}
                      aria-invalid={invalid === `#${l.seq}`}
                      onChange={(e) => setAllowed({ ...allowed, [l.seq]: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${t('adjustReason')} #${l.seq} ${l.name}`}
                      value={reasons[l.seq] ?? ''}
                      required={changed}
                      maxLength={200}
                      onChange={(e) => setReasons({ ...reasons, [l.seq]: e.target.value })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <fieldset>
        <legend>{t('decisionTitle')}</legend>
        <div className="choices">
          {(
            [
              ['approve', adjusted.length > 0 ? 'adjustAndApprove' : 'approve'],
              ['reject', 'reject'],
              ['request_info', 'requestInfo'],
            ] as [Action, MessageKey][]
          ).map(([value, label]) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="action"
                value={value}
                checked={action === value}
                onChange={() => setAction(value)}
              />
              {t(label)}
            </label>
          ))}
        </div>
      </fieldset>
      {action === 'reject' && (
        <>
          <label htmlFor={`${id}-code`}>{t('rejectReason')}</label>
          <select
            id={`${id}-code`}
            value={reasonCode}
            onChange={(e) => setReasonCode(e.target.value as (typeof REJECTION_CODES)[number])}
          >
            {REJECTION_CODES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </>
      )}
      {action === 'request_info' ? (
        <>
          <label htmlFor={`${id}-question`}>{t('question')}</label>
          <textarea
            id={`${id}-question`}
            required
            maxLength={500}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <label htmlFor={`${id}-days`}>{t('deadlineDays')}</label>
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={90}
            value={deadlineDays}
            onChange={(e) => setDeadlineDays(e.target.value)}
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-note`}>{t('note')}</label>
          <textarea
            id={`${id}-note`}
            required={action === 'reject'}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </>
      )}
      {invalid && (
        <p role="alert" className="error">
          {t('adjustReason')} {invalid}
        </p>
      )}
      <button type="submit" className="primary">
        {action === 'approve'
          ? t(adjusted.length > 0 ? 'adjustAndApprove' : 'approve')
          : t(action === 'reject' ? 'reject' : 'requestInfo')}
      </button>
    </form>
  );
}

function CheckPanel({
  claim,
  session,
  onCheck,
}: {
  claim: ClaimView;
  session: Session;
  onCheck(verdict: 'confirm' | 'return', note: string): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [note, setNote] = useState('');
  const pending = claim.pendingCheck;
  if (!pending) return null;
  const isMaker = pending.makerId === session.sub;
  return (
    <section className="card attention" aria-labelledby={`${id}-title`} data-testid="check-panel">
      <h2 id={`${id}-title`}>{t('checkTitle')}</h2>
      <p>
        {t('checkBy', {
          maker: pending.makerId,
          decision: pending.decision,
          amount: formatFen(pending.benefitFen),
        })}
      </p>
      {isMaker ? (
        <p className="note">{t('makerCannotCheck')}</p>
      ) : (
        <>
          <label htmlFor={`${id}-note`}>{t('note')}</label>
          <textarea
            id={`${id}-note`}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="actions">
            <button type="button" className="primary" onClick={() => onCheck('confirm', note)}>
              {t('confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => onCheck('return', note)}>
              {t('returnIt')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
