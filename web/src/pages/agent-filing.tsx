import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorMessage } from '../components/common';
import { useI18n } from '../i18n-context';
import type { ClaimAccepted, UploadedReceiptImage } from '../types';

/**
 * Filing for someone else. 帮办 (`agent`): a service-window agent files for a citizen on their
 * signed authorisation form: the citizen's details and visit from the form and the hospital's
 * papers, the authorisation's id and one-time code, and the scan of the signed form (uploaded
 * first, POST /receipt-images). 代办 (`delegate`): a family member, signed in as themselves, files
 * for the relative who recorded a delegation for them (its number only). Either way the claim is
 * the insured's: they see it in their own list and are notified.
 */
export function AgentFilingPage({ mode = 'agent' }: { mode?: 'agent' | 'delegate' }) {
  const agent = mode === 'agent';
  const { t } = useI18n();
  const id = useId();
  const [fields, setFields] = useState({
    idNumber: '',
    name: '',
    homeRegion: '330400',
    hospitalCode: '',
    visitNo: '',
    careType: 'inpatient',
    serviceDate: '',
    delegationId: '',
    code: '',
    bankAccount: '',
    accountName: '',
  });
  const [form, setForm] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<string>();
  const [error, setError] = useState<unknown>();
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (agent && !form) return;
    setError(undefined);
    setBusy(true);
    try {
      const signed =
        agent && form ? await api<UploadedReceiptImage>('POST', '/receipt-images', form) : undefined;
      const f = fields;
      const answer = await api<ClaimAccepted>('POST', '/claims', {
        insured: { idNumber: f.idNumber.trim().toUpperCase(), name: f.name.trim(), homeRegion: f.homeRegion },
        hospitalCode: f.hospitalCode.trim(),
        visit: { visitNo: f.visitNo.trim(), careType: f.careType, serviceDate: f.serviceDate },
        consent: {
          fetchRecords: true,
          hospitalCode: f.hospitalCode.trim(),
          grantedAt: new Date().toISOString(),
        },
        payout: { bankAccount: f.bankAccount.replace(/\s/g, ''), accountName: f.accountName.trim() },
        receipts: [],
        onBehalfOf: {
          delegationId: f.delegationId.trim(),
          ...(signed && {
            code: f.code.trim().toUpperCase(),
            signedAuthorisation: { imageId: signed.imageId },
          }),
        },
      });
      setFiled(answer.claimId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const input = (
    key: keyof typeof fields,
    label: Parameters<typeof t>[0],
    props: Record<string, unknown> = {},
  ) => (
    <>
      <label htmlFor={`${id}-${key}`}>{t(label)}</label>
      <input id={`${id}-${key}`} required value={fields[key]} onChange={set(key)} {...props} />
    </>
  );

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t(agent ? 'agentTitle' : 'delegateTitle')}</h1>
      <p className="note">{t(agent ? 'agentNote' : 'delegateNote')}</p>
      <form className="form" onSubmit={submit}>
        <fieldset className="card">
          <legend>{t('stepWho')}</legend>
          {input('idNumber', 'signInIdNumber', { className: 'mono', autoComplete: 'off' })}
          {input('name', 'signInName')}
          {input('homeRegion', 'homeRegion', { pattern: '\\d{6}', inputMode: 'numeric' })}
        </fieldset>
        <fieldset className="card">
          <legend>{t('stepWhere')}</legend>
          {input('hospitalCode', 'agentHospitalCode', { pattern: 'H\\d{11}', className: 'mono' })}
          {input('visitNo', 'agentVisitNo', { className: 'mono' })}
          <label htmlFor={`${id}-care`}>{t('careType')}</label>
          <select id={`${id}-care`} value={fields.careType} onChange={set('careType')}>
            <option value="inpatient">{t('inpatient')}</option>
            <option value="outpatient">{t('outpatient')}</option>
          </select>
          {input('serviceDate', 'serviceDate', { type: 'date' })}
        </fieldset>
        <fieldset className="card">
          <legend>{t('agentAuthority')}</legend>
          {input('delegationId', 'delegationId', { className: 'mono', autoComplete: 'off' })}
          {agent && (
            <>
              {input('code', 'delegationCode', { className: 'mono', autoComplete: 'off' })}
              <label htmlFor={`${id}-form`}>{t('agentSignedForm')}</label>
              <input
                id={`${id}-form`}
                type="file"
                required
                accept="image/png,image/jpeg"
                onChange={(e) => setForm(e.target.files?.[0])}
              />
            </>
          )}
          <p className="note">{t(agent ? 'agentConsentNote' : 'delegateConsentNote')}</p>
        </fieldset>
        <fieldset className="card">
          <legend>{t('stepPayout')}</legend>
          {input('bankAccount', 'bankAccount', { inputMode: 'numeric', autoComplete: 'off' })}
          {input('accountName', 'accountName')}
        </fieldset>
        {error !== undefined && <ErrorMessage error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {t('submitClaim')}
        </button>
      </form>
      {filed && (
        <p role="status" data-testid="agent-filed" data-claim-id={filed}>
          {t('agentFiled', { claimId: filed })}
        </p>
      )}
    </section>
  );
}
