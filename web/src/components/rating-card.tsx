import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useElderMode } from '../elder-mode';
import { useI18n } from '../i18n-context';
import type { RatingLevel, RatingOfClaim } from '../types';
import { RATING_LEVELS } from '../../../domain/rating-levels';
import { useLoad } from '../use-load';
import { ErrorMessage, formatDateTime, LoadState } from './common';

/**
 * 好差评 on a closed claim: the citizen rates the whole and each sub-score of the policy at one of
 * five named levels (the elder mode asks one question per screen); once rated, the page shows
 * the rating and, for a bad one, its follow-up: when the answer is due, and the clerk's answer.
 */
export function RatingCard({ claimId }: { claimId: string }) {
  const { t } = useI18n();
  const id = useId();
  const loaded = useLoad(
    () => api<RatingOfClaim>('GET', `/claims/${encodeURIComponent(claimId)}/rating`),
    [claimId],
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="rating">
      <h2 id={`${id}-title`}>{t('ratingTitle')}</h2>
      <LoadState loading={loaded.loading && !loaded.data} error={loaded.error}>
        {loaded.data &&
          (loaded.data.rating ? (
            <RatingShown rating={loaded.data.rating} />
          ) : (
            <RatingForm claimId={claimId} subScores={loaded.data.subScores} onDone={loaded.reload} />
          ))}
      </LoadState>
    </section>
  );
}

function RatingShown({ rating }: { rating: NonNullable<RatingOfClaim['rating']> }) {
  const { t, language } = useI18n();
  const f = rating.followUp;
  return (
    <>
      <p role="status" data-level={rating.level}>
        {t('ratingGiven', { level: t(`level_${rating.level}`) })}
      </p>
      {f && !f.answer && (
        <p data-testid="follow-up-state" data-state={f.state}>
          {f.state === 'overdue'
            ? t('followUpOverdue', { date: f.dueDate })
            : t('followUpWaiting', { date: f.dueDate })}
        </p>
      )}
      {f?.answer && (
        <div className="follow-up-answer">
          <h3>{t('followUpAnswerTitle')}</h3>
          <blockquote data-testid="follow-up-answer">{f.answer.text}</blockquote>
          <p className="note">{t('followUpAnsweredOn', { date: formatDateTime(f.answer.at, language) })}</p>
        </div>
      )}
    </>
  );
}

function LevelChoice({
  name,
  legend,
  value,
  onChange,
}: {
  name: string;
  legend: string;
  value: RatingLevel | undefined;
  onChange(level: RatingLevel): void;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="choices levels">
        {RATING_LEVELS.map((level) => (
          <label key={level} className="choice">
            <input
              type="radio"
              name={name}
              value={level}
              required
              checked={value === level}
              onChange={() => onChange(level)}
            />
            <span>{t(`level_${level}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RatingForm({
  claimId,
  subScores,
  onDone,
}: {
  claimId: string;
  subScores: RatingOfClaim['subScores'];
  onDone(): void;
}) {
  const { t, language } = useI18n();
  const { elder } = useElderMode();
  const id = useId();
  const [level, setLevel] = useState<RatingLevel>();
  const [subs, setSubs] = useState<Record<string, RatingLevel>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  // Elder mode: one question per screen; step 0 is the whole, then each sub-score, then the comment.
  const [step, setStep] = useState(0);
  const steps = subScores.length + 2;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (elder && step < steps - 1) {
      setStep(step + 1);
      return;
    }
    if (!level) return;
    setError(undefined);
    try {
      await api('POST', `/claims/${encodeURIComponent(claimId)}/rating`, {
        level,
        subScores: subs,
        ...(comment.trim() && { comment: comment.trim() }),
      });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'already_rated') onDone();
      else setError(e);
    }
  }

  const overall = (
    <LevelChoice
      name={`${id}-overall`}
      legend={elder ? t('ratingQuestionOverall') : t('ratingOverall')}
      value={level}
      onChange={setLevel}
    />
  );
  const sub = (s: RatingOfClaim['subScores'][number]) => (
    <LevelChoice
      key={s.code}
      name={`${id}-${s.code}`}
      legend={elder ? t('ratingQuestionSub', { what: s[language] }) : s[language]}
      value={subs[s.code]}
      onChange={(l) => setSubs((current) => ({ ...current, [s.code]: l }))}
    />
  );
  const commentField = (
    <>
      <label htmlFor={`${id}-comment`}>{t('ratingComment')}</label>
      <textarea
        id={`${id}-comment`}
        maxLength={500}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
    </>
  );
  const current = subScores[step - 1];
  return (
    <form onSubmit={submit}>
      {elder ? (
        <>
          <p className="note">{t('ratingStep', { n: step + 1, total: steps })}</p>
          {step === 0 ? overall : current ? sub(current) : commentField}
        </>
      ) : (
        <>
          {overall}
          {subScores.map(sub)}
          {commentField}
        </>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      <button type="submit" className={elder ? 'primary' : 'secondary'}>
        {elder && step < steps - 1 ? t('ratingNext') : t('ratingSend')}
      </button>
    </form>
  );
}
