import { useId } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n-context';
import type { AccessLogView } from '../types';
import { useLoad } from '../use-load';
import { ErrorMessage, formatDateTime } from './common';

/** The section's own words, zh first (kept here: the section is the only place that says them). */
const WORDS = {
  zh: {
    title: '谁查看过我的案件',
    intro: '工作人员每次查看您的案件都会留下记录：谁、何时、为何查看。您本人的查看不记录。',
    none: '尚无工作人员查看过此案件。',
  },
  en: {
    title: 'Who looked at my case',
    intro: 'Every time staff open your case it is recorded: who, when and why. Your own views are not.',
    none: 'No member of staff has looked at this case yet.',
  },
} as const;

/** Who of the staff read the claim, when and why (issue #18, "who looked at my case"). */
export function AccessLog({ claimId }: { claimId: string }) {
  const { language } = useI18n();
  const id = useId();
  const words = WORDS[language];
  const loaded = useLoad(
    () => api<AccessLogView>('GET', `/claims/${encodeURIComponent(claimId)}/access-log`),
    [claimId],
  );
  const reads = loaded.data?.reads ?? [];
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="access-log">
      <h2 id={`${id}-title`}>{words.title}</h2>
      <p className="note">{words.intro}</p>
      {loaded.error !== undefined && <ErrorMessage error={loaded.error} />}
      {loaded.data && reads.length === 0 && <p>{words.none}</p>}
      {reads.length > 0 && (
        <ul className="history">
          {reads.map((r) => (
            <li key={`${r.at}|${r.who.en}|${r.route}`}>
              <time dateTime={r.at}>{formatDateTime(r.at, language)}</time> · {r.who[language]} ·{' '}
              {r.why[language]}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
