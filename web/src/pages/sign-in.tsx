import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorMessage } from '../components/common';
import { fakeIdentity } from '../fake-identity';
import { useI18n } from '../i18n-context';
import type { MessageKey } from '../i18n';
import { saveSession, type Role, type Session } from '../session';

const ROLES: { role: Role; label: MessageKey }[] = [
  { role: 'citizen', label: 'roleCitizen' },
  { role: 'clerk', label: 'roleClerk' },
  { role: 'supervisor', label: 'roleSupervisor' },
];

interface SignInAnswer {
  token: string;
  role: Role;
  sub: string;
  region?: string;
  expiresAt: string;
}

/**
 * The local sign-in: the stand-in for the identity provider (Cognito on AWS). The local API
 * mints a token with the runtime's key (POST /local/session), the same as `crossclaim token`.
 */
export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const id = useId();
  const [role, setRole] = useState<Role>('citizen');
  const [identity, setIdentity] = useState(fakeIdentity);
  const [staffId, setStaffId] = useState('clerk-01');
  const [region, setRegion] = useState('330400');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body =
        role === 'citizen'
          ? { role, idNumber: identity.idNumber.trim().toUpperCase() }
          : { role, sub: staffId.trim(), region };
      const answer = await api<SignInAnswer>('POST', '/local/session', body);
      const session: Session = {
        token: answer.token,
        role: answer.role,
        sub: answer.sub,
        expiresAt: answer.expiresAt,
        ...(answer.region !== undefined && { region: answer.region }),
        ...(role === 'citizen' && {
          citizen: { idNumber: identity.idNumber.trim().toUpperCase(), name: identity.name.trim() },
        }),
      };
      saveSession(session);
      onSignedIn(session);
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('signInTitle')}</h1>
      <p className="note">{t('signInLocalNote')}</p>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('signInRole')}</legend>
          <div className="choices">
            {ROLES.map((r) => (
              <label key={r.role} className="choice">
                <input
                  type="radio"
                  name="role"
                  value={r.role}
                  checked={role === r.role}
                  onChange={() => {
                    setRole(r.role);
                    if (r.role === 'supervisor' && staffId.startsWith('clerk')) setStaffId('supervisor-01');
                    if (r.role === 'clerk' && !staffId.startsWith('clerk')) setStaffId('clerk-01');
                  }}
                />
                {t(r.label)}
              </label>
            ))}
          </div>
        </fieldset>
        {role === 'citizen' ? (
          <>
            <label htmlFor={`${id}-idn`}>{t('signInIdNumber')}</label>
            <input
              id={`${id}-idn`}
              name="idNumber"
              required
              inputMode="text"
              autoComplete="off"
              pattern="\d{17}[\dXx]"
              value={identity.idNumber}
              onChange={(e) => setIdentity({ ...identity, idNumber: e.target.value })}
            />
            <label htmlFor={`${id}-name`}>{t('signInName')}</label>
            <input
              id={`${id}-name`}
              name="name"
              required
              value={identity.name}
              onChange={(e) => setIdentity({ ...identity, name: e.target.value })}
            />
            <button type="button" className="secondary" onClick={() => setIdentity(fakeIdentity())}>
              {t('signInNewPatient')}
            </button>
          </>
        ) : (
          <>
            <label htmlFor={`${id}-sub`}>{t('signInStaffId')}</label>
            <input
              id={`${id}-sub`}
              name="sub"
              required
              value={staffId}
              onChange={(e) => setStaffId(e.target.value)}
            />
            <label htmlFor={`${id}-region`}>{t('signInRegion')}</label>
            <input
              id={`${id}-region`}
              name="region"
              required
              pattern="\d{6}"
              inputMode="numeric"
              value={region}
              onChange={(e) => setRegion(e.target.value)}
            />
          </>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {t('signInSubmit')}
        </button>
      </form>
    </section>
  );
}
