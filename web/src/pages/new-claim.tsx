import { useId, useMemo, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorMessage, LoadState } from '../components/common';
import { HomeRegionFacts } from '../components/home-region-facts';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import { navigate } from '../router';
import type { Session } from '../session';
import type { ClaimAccepted, Hospital, Stay, UploadedReceiptImage } from '../types';
import { useLoad } from '../use-load';
import { PayoutFields } from '../components/payout-fields';

/**
 * Start a claim: the hospital and the stay (from the simulated hospitals locally), consent to
 * fetch records from exactly that hospital (required: the API refuses a claim without it),
 * receipt photos (uploaded first, POST /receipt-images, then named in the claim) and the
 * account to pay into.
 */
export function NewClaimPage({ session }: { session: Session }) {
  const { t, language } = useI18n();
  const id = useId();
  const hospitals = useLoad(() => api<{ hospitals: Hospital[] }>('GET', '/local/hospitals'), []);
  const [hospitalCode, setHospitalCode] = useState('');
  const [staysRound, setStaysRound] = useState(0);
  const stays = useLoad(() => api<{ stays: Stay[] }>('GET', '/local/stays'), [staysRound]);
  const [visitNo, setVisitNo] = useState('');
  const [homeRegion, setHomeRegion] = useState('330400');
  const [consent, setConsent] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [bankAccount, setBankAccount] = useState('6222000000000000001');
  const [accountName, setAccountName] = useState(session.citizen?.name ?? '');
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [tried, setTried] = useState(false);

  const staysHere = useMemo(
    () => (stays.data?.stays ?? []).filter((s) => s.hospitalCode === hospitalCode),
    [stays.data, hospitalCode],
  );
  const stay = staysHere.find((s) => s.visitNo === visitNo);

  async function makeStay() {
    if (!session.citizen || !hospitalCode) return;
    setError(undefined);
    try {
      const made = await api<Stay>('POST', '/local/stays', {
        ...session.citizen,
        hospitalCode,
        careType: 'outpatient',
      });
      setVisitNo(made.visitNo);
      setStaysRound((r) => r + 1);
    } catch (e) {
      setError(e);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!consent || !stay || !session.citizen) return;
    setError(undefined);
    try {
      const receiptImages: { imageId: string }[] = [];
      for (const [i, file] of files.entries()) {
        setProgress(t('uploading', { n: i + 1 }));
        const uploaded = await api<UploadedReceiptImage>('POST', '/receipt-images', file);
        receiptImages.push({ imageId: uploaded.imageId });
      }
      setProgress(t('submitting'));
      const filed = await api<ClaimAccepted>('POST', '/claims', {
        insured: { ...session.citizen, homeRegion },
        hospitalCode: stay.hospitalCode,
        visit: {
          visitNo: stay.visitNo,
          careType: stay.careType,
          serviceDate: stay.serviceDate,
        },
        consent: { fetchRecords: true, hospitalCode: stay.hospitalCode, grantedAt: new Date().toISOString() },
        payout: { bankAccount: bankAccount.replace(/\s/g, ''), accountName },
        receipts: [],
        ...(receiptImages.length > 0 && { receiptImages }),
      });
      navigate(`/claims/${encodeURIComponent(filed.claimId)}`);
    } catch (e) {
      setError(e);
      setProgress(undefined);
    }
  }

  const hospitalName = (h: Hospital) => (language === 'zh' ? h.name : h.nameEn);
  const consentMissing = tried && !consent;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('newClaimTitle')}</h1>
      <form onSubmit={submit} className="form">
        <fieldset className="card">
          <legend>{t('stepWhere')}</legend>
          <LoadState loading={hospitals.loading} error={hospitals.error}>
            <label htmlFor={`${id}-hospital`}>{t('chooseHospital')}</label>
            <select
              id={`${id}-hospital`}
              name="hospital"
              required
              value={hospitalCode}
              onChange={(e) => {
                setHospitalCode(e.target.value);
                setVisitNo('');
              }}
            >
              <option value="">—</option>
              {hospitals.data?.hospitals.map((h) => (
                <option key={h.code} value={h.code}>
                  {hospitalName(h)} ({h.code})
                </option>
              ))}
            </select>
          </LoadState>
          {hospitalCode && (
            <>
              <label htmlFor={`${id}-stay`}>{t('chooseStay')}</label>
              <select
                id={`${id}-stay`}
                name="stay"
                required
                value={visitNo}
                onChange={(e) => setVisitNo(e.target.value)}
              >
                <option value="">—</option>
                {staysHere.map((s) => (
                  <option key={s.visitNo} value={s.visitNo}>
                    {t('stayLabel', {
                      date: s.serviceDate,
                      care: t(s.careType),
                      visitNo: s.visitNo,
                      amount: formatFen(s.totalAmtFen),
                    })}
                  </option>
                ))}
              </select>
              {!stays.loading && staysHere.length === 0 && <p className="note">{t('noStays')}</p>}
              <button type="button" className="secondary" onClick={makeStay}>
                {t('makeStay')}
              </button>
            </>
          )}
        </fieldset>

        <fieldset className="card">
          <legend>{t('stepWho')}</legend>
          <p className="facts-inline">
            {session.citizen?.name} · <span className="mono">{session.citizen?.idNumber}</span>
          </p>
          <label htmlFor={`${id}-region`}>{t('homeRegion')}</label>
          <input
            id={`${id}-region`}
            required
            pattern="\d{6}"
            inputMode="numeric"
            value={homeRegion}
            onChange={(e) => setHomeRegion(e.target.value)}
          />
          <p className="note">{t('homeRegionDecides')}</p>
          <h2>{t('homeRegionRecord')}</h2>
          <HomeRegionFacts homeRegion={homeRegion} {...(stay && { date: stay.serviceDate })} />
        </fieldset>

        <fieldset className="card">
          <legend>{t('stepConsent')}</legend>
          <label className="choice consent">
            <input
              type="checkbox"
              name="consent"
              required
              checked={consent}
              aria-invalid={consentMissing}
              onInvalid={() => setTried(true)}
              aria-describedby={`${id}-consent-help`}
              onChange={(e) => setConsent(e.target.checked)}
            />
            {t('consentLabel')}
          </label>
          <p
            id={`${id}-consent-help`}
            className={consentMissing ? 'error' : 'note'}
            role={consentMissing ? 'alert' : undefined}
          >
            {t('consentRequired')}
          </p>
        </fieldset>

        <fieldset className="card">
          <legend>{t('stepReceipts')}</legend>
          <label htmlFor={`${id}-files`}>{t('receiptPhotos')}</label>
          <input
            id={`${id}-files`}
            name="receipts"
            type="file"
            accept="image/png,image/jpeg"
            multiple
            aria-describedby={`${id}-files-help`}
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
          <p id={`${id}-files-help`} className="note">
            {t('receiptHint')}
          </p>
          {files.length > 0 && (
            <ul className="file-list">
              {files.map((f) => (
                <li key={f.name}>{f.name}</li>
              ))}
            </ul>
          )}
        </fieldset>

        <PayoutFields
          id={id}
          bankAccount={bankAccount}
          accountName={accountName}
          onBankAccount={setBankAccount}
          onAccountName={setAccountName}
        />

        {error !== undefined && <ErrorMessage error={error} />}
        {progress && <p role="status">{progress}</p>}
        <button type="submit" className="primary" disabled={progress !== undefined}>
          {t('submitClaim')}
        </button>
      </form>
    </section>
  );
}
