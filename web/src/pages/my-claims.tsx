import { api } from '../api';
import { formatDateTime, LoadState, StatusBadge } from '../components/common';
import { useElderMode } from '../elder-mode';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import type { ClaimList } from '../types';
import { useLoad } from '../use-load';

/** The citizen's claims, newest first (GET /claims). */
export function MyClaimsPage() {
  const { t, language } = useI18n();
  const claims = useLoad(() => api<ClaimList>('GET', '/claims'), []);
  const { elder } = useElderMode();
  if (elder) {
    // Elder mode: each claim is its state in words, the amount, and one big button.
    return (
      <section aria-labelledby="my-claims-title">
        <h1 id="my-claims-title">{t('myClaimsTitle')}</h1>
        <LoadState loading={claims.loading} error={claims.error}>
          {claims.data?.claims.length === 0 && <p>{t('noClaims')}</p>}
          <ul className="cards" aria-label={t('myClaimsTitle')}>
            {claims.data?.claims.map((c) => (
              <li key={c.claimId} className="card claim-card" data-claim-id={c.claimId}>
                <p>
                  {c.serviceDate} · <StatusBadge status={c.status} />
                </p>
                {c.paidFen !== undefined && (
                  <p className="elder-amount">
                    {t('elderAmount')}：<strong className="money">{formatFen(c.paidFen)}</strong>
                  </p>
                )}
                <a className="button primary" href={`#/claims/${encodeURIComponent(c.claimId)}`}>
                  {t('elderOpen')}
                  <span className="visually-hidden"> {c.claimId}</span>
                </a>
              </li>
            ))}
          </ul>
          <a className="button secondary" href="#/claims/new">
            {t('navNewClaim')}
          </a>
        </LoadState>
      </section>
    );
  }
  return (
    <section aria-labelledby="my-claims-title">
      <div className="title-row">
        <h1 id="my-claims-title">{t('myClaimsTitle')}</h1>
        <a className="button primary" href="#/visits">
          {t('myVisitsTitle')}
        </a>
        <a className="button" href="#/claims/new">
          {t('navNewClaim')}
        </a>
      </div>
      <LoadState loading={claims.loading} error={claims.error}>
        {claims.data?.claims.length === 0 && <p>{t('noClaims')}</p>}
        <ul className="cards" aria-label={t('myClaimsTitle')}>
          {claims.data?.claims.map((c) => (
            <li key={c.claimId} className="card claim-card" data-claim-id={c.claimId}>
              <a href={`#/claims/${encodeURIComponent(c.claimId)}`} className="card-link">
                <span className="mono">{c.claimId}</span>
              </a>
              <StatusBadge status={c.status} />
              <dl className="facts">
                <dt>{t('hospital')}</dt>
                <dd>{c.hospitalCode}</dd>
                <dt>{t('careType')}</dt>
                <dd>{t(c.careType)}</dd>
                <dt>{t('serviceDate')}</dt>
                <dd>{c.serviceDate}</dd>
                <dt>{t('status')}</dt>
                <dd>{formatDateTime(c.createdAt, language)}</dd>
                {c.paidFen !== undefined && (
                  <>
                    <dt>{t('paidAmount')}</dt>
                    <dd className="money">{formatFen(c.paidFen)}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      </LoadState>
    </section>
  );
}
