import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n-context';
import type { CitizenDetails } from '../session';

const ID_NUMBER = /^\d{17}[\dX]$/;

/**
 * A citizen's ID number and name for the claim form: the tokens carry only the hash of the
 * number, and the API refuses a claim whose number is not the signed-in citizen's.
 */
export function CitizenIdentityForm({ onSaved }: { onSaved(citizen: CitizenDetails): void }) {
  const { t } = useI18n();
  const id = useId();
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const valid = ID_NUMBER.test(idNumber.trim().toUpperCase()) && name.trim().length > 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (valid) onSaved({ idNumber: idNumber.trim().toUpperCase(), name: name.trim() });
  }

  return (
    <form className="card narrow" onSubmit={submit} noValidate>
      <h1>{t('citizenIdentityTitle')}</h1>
      <p id={`${id}-note`}>{t('citizenIdentityNote')}</p>
      <label htmlFor={`${id}-id`}>{t('signInIdNumber')}</label>
      <input
        id={`${id}-id`}
        className="mono"
        value={idNumber}
        autoComplete="off"
        aria-describedby={`${id}-note`}
        aria-invalid={tried && !ID_NUMBER.test(idNumber.trim().toUpperCase())}
        onChange={(e) => setIdNumber(e.target.value)}
      />
      <label htmlFor={`${id}-name`}>{t('signInName')}</label>
      <input
        id={`${id}-name`}
        value={name}
        autoComplete="name"
        aria-invalid={tried && name.trim().length === 0}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit">{t('citizenIdentitySave')}</button>
    </form>
  );
}
