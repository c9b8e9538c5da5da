import { useEffect, useState } from 'react';
import { apiObjectUrl } from '../api';
import { useI18n } from '../i18n-context';
import { formatFen } from '../money';
import type { ReceiptView } from '../types';

const show = (field: string, value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '—';
  return field === 'totalAmtFen' && typeof value === 'number' ? formatFen(value) : String(value);
};

/** One receipt: the photo beside the fields read from it and the e-bill's, differences marked. */
export function ReceiptCompare({ claimId, receipt }: { claimId: string; receipt: ReceiptView }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (!receipt.hasImage) return;
    let url: string | undefined;
    let current = true;
    apiObjectUrl(
      `/claims/${encodeURIComponent(claimId)}/receipts/${encodeURIComponent(receipt.receiptId)}/image`,
    ).then(
      (made) => {
        url = made;
        if (current) setSrc(made);
        else URL.revokeObjectURL(made);
      },
      () => undefined,
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [claimId, receipt.receiptId, receipt.hasImage]);

  return (
    <div className="receipt-compare" data-receipt-id={receipt.receiptId}>
      <figure className="receipt-image">
        {src ? (
          <img src={src} alt={t('receiptImageAlt', { id: receipt.receiptId })} />
        ) : (
          <div className="image-placeholder" />
        )}
        <figcaption>
          {receipt.receiptId} · {receipt.source ?? '—'} · {receipt.outcome?.kind ?? '—'}
          {receipt.outcome?.detail && <span className="note"> {receipt.outcome.detail}</span>}
        </figcaption>
      </figure>
      <div
        className="table-scroll"
        role="region"
        aria-label={t('receiptFieldsTable', { id: receipt.receiptId })}
        tabIndex={0}
      >
        <table className="fields">
          <thead>
            <tr>
              <th scope="col">{t('fieldName')}</th>
              <th scope="col">{t('fieldRead')}</th>
              <th scope="col" className="num">
                {t('fieldConfidence')}
              </th>
              <th scope="col">{t('fieldEbill')}</th>
            </tr>
          </thead>
          <tbody>
            {receipt.fields.map((f) => (
              <tr
                key={f.field}
                className={f.flagged ? `flag flag-${f.flagged}` : undefined}
                data-field={f.field}
              >
                <th scope="row">
                  {t(`field_${f.field}`)}
                  {f.flagged && <span className="flag-label"> ⚠ {t(`flag_${f.flagged}`)}</span>}
                </th>
                <td>{show(f.field, f.value)}</td>
                <td className="num">{f.confidence.toFixed(2)}</td>
                <td>{show(f.field, f.ebill)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
