import type { ReactNode } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n-context';
import { isMessageKey } from '../i18n';
import type { ClaimStatus } from '../types';

/** A status in words, with a colour class; the words carry the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: ClaimStatus }) {
  const { t } = useI18n();
  const key = `status_${status}`;
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {isMessageKey(key) ? t(key) : status}
    </span>
  );
}

/** Loading, or why a load failed, announced to screen readers. */
export function LoadState({
  loading,
  error,
  children,
}: {
  loading: boolean;
  error?: unknown;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  if (error) return <ErrorMessage error={error} />;
  if (loading) return <p role="status">{t('loading')}</p>;
  return <>{children}</>;
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <p role="alert" className="error" data-error="not_found">
        {t('notFound')}
      </p>
    );
  }
  if (error instanceof ApiError && error.status === 401) {
    return (
      <p role="alert" className="error" data-error="unauthorized">
        {t('sessionExpired')}
      </p>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="error" data-error={error instanceof ApiError ? error.code : 'error'}>
      {t('errorGeneric', { message })}
    </p>
  );
}

/** A duration in the largest whole unit: 95 s → "1 分钟" / "1 min". */
export function useDuration(): (seconds: number | null | undefined) => string {
  const { t } = useI18n();
  return (seconds) => {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 60) return t('durationSeconds', { n: Math.round(seconds) });
    if (seconds < 3600) return t('durationMinutes', { n: Math.floor(seconds / 60) });
    if (seconds < 86400) return t('durationHours', { n: Math.floor(seconds / 3600) });
    return t('durationDays', { n: Math.floor(seconds / 86400) });
  };
}

export function formatDateTime(at: string | undefined, language: 'zh' | 'en'): string {
  if (!at) return '—';
  return new Date(at).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
