import { generateFakeIdNumber, hashIdNumber, maskIdNumber } from '../../domain/identity';
import type { SeededRandom } from '../../domain/seeded-random';

/**
 * Obviously fake insured people: named 测试患者NNNN, with identity numbers that pass the
 * GB 11643 check but are generated. They are insured in Jiaxing (Zhejiang), the home region
 * of the shared policy, and treated out of province.
 */
export interface FakePatient {
  name: string;
  idNumber: string;
  idNumberMasked: string;
  idNumberHash: string;
}

/** Jiaxing's districts and counties: Nanhu, Xiuzhou, Jiashan, Haiyan, Haining, Pinghu, Tongxiang. */
const HOME_REGION_CODES = ['330402', '330411', '330421', '330424', '330481', '330482', '330483'] as const;

export function generateFakePatient(rand: SeededRandom, index: number): FakePatient {
  const idNumber = generateFakeIdNumber(rand, {
    regionCode: rand.pick(HOME_REGION_CODES),
    birthYearRange: [1945, 2005],
  });
  return {
    name: `测试患者${String(index).padStart(4, '0')}`,
    idNumber,
    idNumberMasked: maskIdNumber(idNumber),
    idNumberHash: hashIdNumber(idNumber),
  };
}
