import { useI18n } from '../i18n-context';

/**
 * The payout account a claim pays into (the bank account and the holder's name), as every form
 * that files a claim asks for it: typed by the citizen, never pre-filled from elsewhere.
 */
export function PayoutFields(props: {
  /** The form's id prefix (useId), so the labels point at this form's inputs. */
  id: string;
  bankAccount: string;
  accountName: string;
  onBankAccount: (value: string) => void;
  onAccountName: (value: string) => void;
}) {
  const { t, language } = useI18n();
  return (
    <fieldset className="card">
      <legend>{t('stepPayout')}</legend>
      <label htmlFor={`${props.id}-bank`}>{t('bankAccount')}</label>
      <input
        id={`${props.id}-bank`}
        required
        inputMode="numeric"
        autoComplete="off"
        pattern="[\d ]{12,23}"
        value={props.bankAccount}
        onChange={(e) => props.onBankAccount(e.target.value)}
      />
      <label htmlFor={`${props.id}-holder`}>{t('accountName')}</label>
      <input
        id={`${props.id}-holder`}
        required
        lang={language === 'zh' ? 'zh-CN' : 'en'}
        value={props.accountName}
        onChange={(e) => props.onAccountName(e.target.value)}
      />
    </fieldset>
  );
}
