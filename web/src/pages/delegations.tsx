import { useId, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorMessage, LoadState } from '../components/common';
import { useI18n } from '../i18n-context';
import type { DelegationsView, NewDelegation } from '../types';
import { useLoad } from '../use-load';

const RELATIONSHIPS = ['spouse', 'parent', 'child', 'sibling', 'other'] as const;

/**
 * Who may file for me (帮办 / 代办): a family member by their ID number, or a service window once
 * (the one-time code is shown here only, to write on the signed authorisation form); the list,
 * with revoke (POST/GET/DELETE /my/delegations).
 */
export function DelegationsPage() {
  const { t } = useI18n();
  const id = useId();
  const [round, setRound] = useState(0);
  const list = useLoad(() => api<DelegationsView>('GET', '/my/delegations'), [round]);
  const [kind, setKind] = useState<'family' | 'agent'>('agent');
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [relationship, setRelationship] = useState<(typeof RELATIONSHIPS)[number]>('child');
  const [made, setMade] = useState<NewDelegation>();
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const body =
        kind === 'agent'
          ? { kind }
          : { kind, delegate: { idNumber: idNumber.trim().toUpperCase(), name: name.trim() }, relationship };
      setMade(await api<NewDelegation>('POST', '/my/delegations', body));
      setRound((r) => r + 1);
    } catch (e) {
      setError(e);
    }
  }

  async function revoke(delegationId: string) {
    setError(undefined);
    try {
      await api('DELETE', `/my/delegations/${encodeURIComponent(delegationId)}`);
      setRound((r) => r + 1);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('delegationsTitle')}</h1>
      <p className="note">{t('delegationsNote')}</p>
      <form className="form card" onSubmit={submit}>
        <fieldset>
          <legend>{t('delegationKind')}</legend>
          <label className="choice">
            <input type="radio" name="kind" checked={kind === 'agent'} onChange={() => setKind('agent')} />
            {t('delegationAgent')}
          </label>
          <label className="choice">
            <input type="radio" name="kind" checked={kind === 'family'} onChange={() => setKind('family')} />
            {t('delegationFamily')}
          </label>
        </fieldset>
        {kind === 'family' && (
          <>
            <label htmlFor={`${id}-idn`}>{t('delegateIdNumber')}</label>
            <input
              id={`${id}-idn`}
              className="mono"
              required
              autoComplete="off"
              value={idNumber}
              onChange={(e) => setIdNumber(e.target.value)}
            />
            <label htmlFor={`${id}-name`}>{t('delegateName')}</label>
            <input id={`${id}-name`} required value={name} onChange={(e) => setName(e.target.value)} />
            <label htmlFor={`${id}-rel`}>{t('relationship')}</label>
            <select
              id={`${id}-rel`}
              value={relationship}
              onChange={(e) => setRelationship(e.target.value as (typeof RELATIONSHIPS)[number])}
            >
              {RELATIONSHIPS.map((r) => (
                <option key={r} value={r}>
                  {t(`relationship_${r}`)}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit" className="primary">
          {t('delegationCreate')}
        </button>
      </form>
      {made && (
        <div className="card" role="status" data-testid="new-delegation">
          <p>{t('delegationMade')}</p>
          <dl className="facts">
            <dt>{t('delegationId')}</dt>
            <dd className="mono" data-field="delegationId">
              {made.delegationId}
            </dd>
            {made.authorisationCode && (
              <>
                <dt>{t('delegationCode')}</dt>
                <dd className="mono" data-field="code">
                  {made.authorisationCode}
                </dd>
              </>
            )}
            <dt>{t('validUntil')}</dt>
            <dd>{made.validUntil}</dd>
          </dl>
          {made.authorisationCode && <p className="note">{t('delegationCodeNote')}</p>}
        </div>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      <h2>{t('delegationsList')}</h2>
      <LoadState loading={list.loading} error={list.error}>
        {list.data?.delegations.length === 0 && <p>{t('none')}</p>}
        <ul className="cards" aria-label={t('delegationsList')}>
          {list.data?.delegations.map((d) => (
            <li key={d.delegationId} className="card" data-delegation={d.delegationId}>
              <p>
                <strong>{d.kind === 'agent' ? t('delegationAgent') : t('delegationFamily')}</strong>
                {d.delegateNameMasked && ` · ${d.delegateNameMasked}`}
                {d.relationship && ` · ${t(`relationship_${d.relationship}`)}`} ·{' '}
                <span className="mono">{d.delegationId}</span>
              </p>
              <p className="note">
                {t('validUntil')} {d.validUntil}
                {d.usedFor && ` · ${t('delegationUsed')} ${d.usedFor}`}
                {d.revokedAt && ` · ${t('delegationRevoked')}`}
                {d.locked && ` · ${t('delegationLocked')}`}
              </p>
              {!d.revokedAt && !d.usedFor && !d.locked && (
                <button type="button" className="secondary" onClick={() => void revoke(d.delegationId)}>
                  {t('delegationRevoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </LoadState>
    </section>
  );
}
