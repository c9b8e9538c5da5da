import { useId, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n-context';
import { fenToInput, formatFen, parseYuan } from '../money';
import type { Session } from '../session';
import type { ClaimView, EobView } from '../types';

/**
 * The clerk's panels on a case page (web/src/pages/case-page.tsx): deciding the case, and checking
 * another clerk's decision.
 */

const REJECTION_CODES = [
  'DOCUMENTS_INCOMPLETE',
  'NOT_COVERED',
  'DUPLICATE_CLAIM',
  'BILL_NOT_CONFIRMED',
  'IDENTITY_MISMATCH',
  'OTHER',
] as const;

type Action = 'approve' | 'reject' | 'request_info';

/** A clerk's decision on a case in their queue: approve (with lines adjusted), reject, or ask the citizen. */
export function DecisionPanel({
  eob,
  onDecide,
}: {
  eob?: EobView;
  onDecide(body: Record<string, unknown>): void;
}) {
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

/** The second clerk's check of a decision above the policy's threshold (maker-checker). */
export function CheckPanel({
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
