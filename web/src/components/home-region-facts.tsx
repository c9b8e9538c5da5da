import type { CoverageEligibilityResponse } from '@medplum/fhirtypes';
import { api } from '../api';
import { useI18n } from '../i18n-context';
import { useLoad } from '../use-load';
import { ErrorMessage } from './common';

const FILING_SYSTEM = 'urn:crossclaim:filing-type';
const FILING_KEYS = {
  long_term: 'filing_long_term',
  transfer: 'filing_transfer',
  emergency: 'filing_emergency',
  other_temp: 'filing_other_temp',
} as const;

/**
 * What the home region's insurance system knows of the signed-in citizen (GET /eligibility):
 * scheme, working/retired, the filing in force on the stay's date. Shown, never asked: the
 * claim form does not carry these, the record decides (docs/home-region.md).
 */
export function HomeRegionFacts({ homeRegion, date }: { homeRegion: string; date?: string }) {
  const { t } = useI18n();
  const valid = /^\d{6}$/.test(homeRegion);
  const query = `homeRegion=${homeRegion}${date ? `&date=${date}` : ''}`;
  const loaded = useLoad(
    () =>
      valid ? api<CoverageEligibilityResponse>('GET', `/eligibility?${query}`) : Promise.resolve(undefined),
    [query, valid],
  );
  if (!valid) return null;
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (loaded.loading || !loaded.data) return <p role="status">{t('loading')}</p>;
  const insurance = loaded.data.insurance?.[0];
  if (!insurance?.inforce) {
    return (
      <p className="error" data-testid="home-region-facts" data-insured="false">
        {t('notInsuredThere')}
      </p>
    );
  }
  const scheme = insurance.coverage.identifier?.value;
  const status = loaded.data.extension?.find((e) => e.url === 'urn:crossclaim:insured-status')?.valueCode;
  const filing = insurance.item
    ?.filter((i) => !i.excluded)
    .map((i) => i.category?.coding?.find((c) => c.system === FILING_SYSTEM)?.code)
    .find((code): code is keyof typeof FILING_KEYS => code !== undefined && code in FILING_KEYS);
  return (
    <dl className="facts" data-testid="home-region-facts" data-insured="true">
      <dt>{t('scheme')}</dt>
      <dd data-fact="scheme">
        {scheme === 'employee' ? t('schemeEmployee') : scheme === 'resident' ? t('schemeResident') : scheme}
      </dd>
      <dt>{t('insuredStatus')}</dt>
      <dd data-fact="status">{status === 'retired' ? t('retired') : t('working')}</dd>
      <dt>{t('filingType')}</dt>
      <dd data-fact="filing">{filing ? t(FILING_KEYS[filing]) : t('filing_unfiled')}</dd>
    </dl>
  );
}
