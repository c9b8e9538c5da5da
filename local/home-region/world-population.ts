import type { BillGenerator } from '../hospitals/bill-generator';
import type { FakePatient } from '../hospitals/fake-patients';
import type { HomeRegionSimulator, SetInsuredRequest } from './home-region-simulator';

/**
 * Who the simulated world's people are to their home region, unless a test or the demo says
 * otherwise: a Jiaxing employee (在职), insured since 2000, with a long-term residence filing
 * (异地长期居住备案) for any province from 2025 to 2027. This is the world's population, set
 * in the home region's system the moment a person first appears; a claim form cannot change it.
 */
export const DEFAULT_INSURED_FACTS: Omit<SetInsuredRequest, 'idNumber'> = {
  scheme: 'employee',
  status: 'working',
  homeRegion: '330400',
  filings: [{ type: 'long_term', from: '2025-01-01', to: '2027-12-31' }],
};

/** Gives a person the default record if the home region does not know them yet. */
export function enrolIfUnknown(
  homeRegion: HomeRegionSimulator,
  patient: Pick<FakePatient, 'idNumber' | 'idNumberHash'>,
): void {
  if (!homeRegion.knows(patient.idNumberHash))
    homeRegion.setInsured({ idNumber: patient.idNumber, ...DEFAULT_INSURED_FACTS });
}

/** The bill generator of a world whose new patients exist in their home region's system too. */
export function populatingGenerator(
  generator: BillGenerator,
  homeRegion: HomeRegionSimulator,
): BillGenerator {
  const visit =
    (kind: 'inpatient' | 'outpatient'): BillGenerator['inpatient'] =>
    (options) => {
      const made = generator[kind](options);
      enrolIfUnknown(homeRegion, made.patient);
      return made;
    };
  return {
    ...generator,
    inpatient: visit('inpatient'),
    outpatient: visit('outpatient'),
    patient: () => {
      const patient = generator.patient();
      enrolIfUnknown(homeRegion, patient);
      return patient;
    },
    voided: (bill) => generator.voided(bill),
    redReversal: (bill) => generator.redReversal(bill),
  };
}
