import { useI18n } from '../i18n-context';
import type { HistoryView } from '../types';
import { formatDateTime } from './common';

/** Every entry of the hash-chained case record, and whether the chain verifies. */
export function HistoryList({ history }: { history: HistoryView }) {
  const { t, language } = useI18n();
  return (
    <>
      <p className={history.verified ? 'ok' : 'error'} data-testid="history-verified">
        {history.verified ? `✓ ${t('historyVerified')}` : `✗ ${t('historyBroken')}`}
      </p>
      <details>
        <summary>
          {t('historyOfCase')} ({history.entries.length})
        </summary>
        <ol className="history">
          {history.entries.map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at}>{formatDateTime(e.at, language)}</time> · {e.actor.role}
              {e.actor.sub ? ` ${e.actor.sub}` : ''} · <code>{e.action}</code>
              {e.after?.status !== undefined && ` → ${String(e.after.status)}`}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
