import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import type { EobView } from '../types';

/**
 * The explanation of benefits line by line: what was billed, what the fund pays, what the
 * citizen pays, and the plain reason for every yuan not paid (GET /claims/{id}/eob).
 */
export function EobTable({ eob }: { eob: EobView }) {
  const { t, language } = useI18n();
  return (
    <div className="table-scroll" role="region" aria-label={t('eobTable')} tabIndex={0}>
      <table className="eob eob-citizen">
        <caption className="visually-hidden">{t('eobTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('eobItem')}</th>
            <th scope="col">{t('eobCategory')}</th>
            <th scope="col" className="num">
              {t('eobSubmitted')}
            </th>
            <th scope="col" className="num">
              {t('eobBenefit')}
            </th>
            <th scope="col" className="num">
              {t('eobPatient')}
            </th>
            <th scope="col">{t('eobReason')}</th>
          </tr>
        </thead>
        <tbody>
          {eob.lines.map((line) => (
            <tr
              key={line.seq}
              data-line={line.seq}
              className={line.patientPaysFen > 0 ? 'has-gap' : undefined}
            >
              <th scope="row">{line.name}</th>
              <td data-label={t('eobCategory')}>{line.category}</td>
              <td className="num money" data-label={t('eobSubmitted')}>
                {formatFen(line.submittedFen)}
              </td>
              <td className="num money" data-label={t('eobBenefit')}>
                {formatFen(line.benefitFen)}
              </td>
              <td className="num money" data-label={t('eobPatient')}>
                {formatFen(line.patientPaysFen)}
              </td>
              <td className="reason">{line.reason[language]}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('eobTotal')}
            </th>
            <td className="num money" data-total="submitted" data-label={t('eobSubmitted')}>
              {formatFen(eob.totals.submittedFen)}
            </td>
            <td className="num money" data-total="benefit" data-label={t('eobBenefit')}>
              {formatFen(eob.totals.benefitFen)}
            </td>
            <td className="num money" data-total="patient" data-label={t('eobPatient')}>
              {formatFen(eob.totals.patientPaysFen)}
            </td>
            <td className="reason">{eob.notes.map((n) => n[language]).join(' ')}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
