import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorMessage, LoadState, StatusBadge } from '../components/common';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import { navigate } from '../router';
import type { Session } from '../session';
import type { ClaimAccepted, MyVisits } from '../types';
import { useLoad } from '../use-load';
import { PayoutFields } from '../components/payout-fields';

const REGION_KEY = 'crossclaim.homeRegion';
const REGION = /^\d{6}$/;

/**
 * File from one's own visits (GET /my/visits): the home region's record (or the hospitals) lists
 * the citizen's visits outside the region with their bills' totals; choosing one, consenting and
 * naming the account is the whole claim (POST /claims with its visitRef). No hospital code or
 * visit number is typed.
 */
export function MyVisitsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const id = useId();
  const [homeRegion, setHomeRegion] = useState(() => localStorage.getItem(REGION_KEY) ?? '330400');
  const visits = useLoad(
    () =>
      REGION.test(homeRegion)
        ? api<MyVisits>('GET', `/my/visits?homeRegion=${encodeURIComponent(homeRegion)}`)
        : Promise.resolve(undefined),
    [homeRegion],
  );
  const [chosen, setChosen] = useState('');
  const [consent, setConsent] = useState(false);
  const [bankAccount, setBankAccount] = useState('6222000000000000001');
  const [accountName, setAccountName] = useState(session.citizen?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const visit = visits.data?.visits.find((v) => v.visitRef === chosen);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!visit || !consent) return;
    setError(undefined);
    setBusy(true);
    try {
      localStorage.setItem(REGION_KEY, homeRegion);
      const filed = await api<ClaimAccepted>('POST', '/claims', {
        visitRef: visit.visitRef,
        homeRegion,
        consent: { fetchRecords: true, grantedAt: new Date().toISOString() },
        payout: { bankAccount: bankAccount.replace(/\s/g, ''), accountName: accountName.trim() },
      });
      navigate(`/claims/${encodeURIComponent(filed.claimId)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const consentMissing = tried && !consent;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('myVisitsTitle')}</h1>
      <p className="note">{t('myVisitsNote')}</p>
      <form onSubmit={submit} className="form">
        <fieldset className="card">
          <legend>{t('stepWhere')}</legend>
          <label htmlFor={`${id}-region`}>{t('homeRegion')}</label>
          <input
            id={`${id}-region`}
            inputMode="numeric"
            pattern="\d{6}"
            required
            value={homeRegion}
            onChange={(e) => setHomeRegion(e.target.value.trim())}
          />
          <LoadState loading={visits.loading} error={visits.error}>
            {visits.data?.visits.length === 0 && <p>{t('noVisits')}</p>}
            <ul className="cards visits" aria-label={t('myVisitsTitle')}>
              {visits.data?.visits.map((v) => (
                <li key={v.visitRef} className="card visit-card" data-visit={v.visitNo}>
                  <label className="choice">
                    <input
                      type="radio"
                      name="visit"
                      value={v.visitRef}
                      disabled={!v.claimable}
                      checked={chosen === v.visitRef}
                      onChange={() => setChosen(v.visitRef)}
                    />
                    <span>
                      <strong>{v.hospitalName}</strong> · {v.serviceDate} · {t(v.careType)} ·{' '}
                      <span className="money" data-total-fen={v.totalAmtFen}>
                        {formatFen(v.totalAmtFen)}
                      </span>
                    </span>
                  </label>
                  {v.settledDirectly && <p className="note">{t('visitSettledDirectly')}</p>}
                  {v.claim && (
                    <p className="note">
                      {t('visitClaimed')} <StatusBadge status={v.claim.status} />{' '}
                      <a href={`#/claims/${encodeURIComponent(v.claim.claimId)}`}>{t('open')}</a>
                    </p>
                  )}
                </li>
              ))}
            </ul>
            {tried && !visit && (
              <p role="alert" className="error">
                {t('chooseVisit')}
              </p>
            )}
          </LoadState>
        </fieldset>

        <fieldset className="card">
          <legend>{t('stepConsent')}</legend>
          <label className="choice consent">
            <input
              type="checkbox"
              name="consent"
              checked={consent}
              aria-invalid={consentMissing}
              aria-describedby={`${id}-consent-help`}
              onChange={(e) => setConsent(e.target.checked)}
            />
            {visit ? t('consentVisitLabel', { hospital: visit.hospitalName }) : t('consentLabel')}
          </label>
          <p
            id={`${id}-consent-help`}
            className={consentMissing ? 'error' : 'note'}
            role={consentMissing ? 'alert' : undefined}
          >
            {t('consentRequired')}
          </p>
        </fieldset>

        <PayoutFields
          id={id}
          bankAccount={bankAccount}
          accountName={accountName}
          onBankAccount={setBankAccount}
          onAccountName={setAccountName}
        />

        {error !== undefined && <ErrorMessage error={error} />}
        {busy && <p role="status">{t('submitting')}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {t('submitClaim')}
        </button>
      </form>
    </section>
  );
}
