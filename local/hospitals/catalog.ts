import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { HospitalPublicKey, SigningKey } from '../../domain/ebill-signature';
import type { HospitalLevel } from '../../domain/schema-primitives';
import { seededRandom, type Seed, type SeededRandom } from '../../domain/seeded-random';

/**
 * The simulated out-of-province hospitals: where a Jiaxing (Zhejiang) insured person is
 * treated, in Shanghai and Jiangsu. Everything follows from the seed, so a catalog is the same on
 * every machine and can be rebuilt instead of stored; the Ed25519 keys too, unless a `keySeed`
 * is given: `npm start` gives each data folder's own random one (local/data-secrets.ts), so
 * nobody can sign bills as a hospital of someone else's running system from the source code.
 */

export interface SimulatedHospital {
  /** 'H' + the 6-digit district code + a 5-digit number, like the sample's H33060200001. */
  code: string;
  name: string;
  nameEn: string;
  level: HospitalLevel;
  provinceCode: string;
  provinceName: string;
  /** The district's administrative code: the bill's placeCode and bill batch code prefix. */
  districtCode: string;
  keyId: string;
  publicKeyPem: string;
  /** The hospital's own secret: only the simulator signs with it; crossclaim never sees it. */
  privateKeyPem: string;
}

export interface HospitalCatalog {
  seed: string;
  /** The year the keys are for (key ids end in it) and bills are issued in. */
  year: number;
  hospitals: SimulatedHospital[];
}

interface District {
  code: string;
  city: string;
  cityEn: string;
  district: string;
  districtEn: string;
}

interface Province {
  code: string;
  name: string;
  districts: readonly District[];
}

const PROVINCES: readonly Province[] = [
  {
    code: '310000',
    name: '上海市',
    districts: [
      { code: '310101', city: '上海市', cityEn: 'Shanghai', district: '黄浦区', districtEn: 'Huangpu' },
      { code: '310104', city: '上海市', cityEn: 'Shanghai', district: '徐汇区', districtEn: 'Xuhui' },
      { code: '310105', city: '上海市', cityEn: 'Shanghai', district: '长宁区', districtEn: 'Changning' },
      { code: '310106', city: '上海市', cityEn: 'Shanghai', district: '静安区', districtEn: "Jing'an" },
      { code: '310110', city: '上海市', cityEn: 'Shanghai', district: '杨浦区', districtEn: 'Yangpu' },
      { code: '310112', city: '上海市', cityEn: 'Shanghai', district: '闵行区', districtEn: 'Minhang' },
      { code: '310115', city: '上海市', cityEn: 'Shanghai', district: '浦东新区', districtEn: 'Pudong' },
    ],
  },
  {
    code: '320000',
    name: '江苏省',
    districts: [
      { code: '320102', city: '南京市', cityEn: 'Nanjing', district: '玄武区', districtEn: 'Xuanwu' },
      { code: '320106', city: '南京市', cityEn: 'Nanjing', district: '鼓楼区', districtEn: 'Gulou' },
      { code: '320213', city: '无锡市', cityEn: 'Wuxi', district: '梁溪区', districtEn: 'Liangxi' },
      { code: '320505', city: '苏州市', cityEn: 'Suzhou', district: '虎丘区', districtEn: 'Huqiu' },
      { code: '320506', city: '苏州市', cityEn: 'Suzhou', district: '吴中区', districtEn: 'Wuzhong' },
      { code: '320508', city: '苏州市', cityEn: 'Suzhou', district: '姑苏区', districtEn: 'Gusu' },
      { code: '320411', city: '常州市', cityEn: 'Changzhou', district: '新北区', districtEn: 'Xinbei' },
    ],
  },
];

const MIN_HOSPITALS = 6;
const MAX_HOSPITALS = Math.min(...PROVINCES.map((p) => p.districts.length)) * PROVINCES.length;
const LEVEL_PATTERN: readonly HospitalLevel[] = [3, 2, 1, 3];
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四'];

export interface CatalogOptions {
  /** How many hospitals, at least 6 (default 8); they alternate between the provinces. */
  count?: number;
  year?: number;
  /** A secret the keys are derived from instead of the seed. */
  keySeed?: string;
}

export function generateHospitalCatalog(seed: Seed, options: CatalogOptions = {}): HospitalCatalog {
  const { count = 8, year = 2026 } = options;
  if (!Number.isInteger(count) || count < MIN_HOSPITALS || count > MAX_HOSPITALS) {
    throw new RangeError(`a catalog has ${MIN_HOSPITALS} to ${MAX_HOSPITALS} hospitals`);
  }
  const rand = seededRandom(seed).fork('catalog');
  // Every level appears at least once; the rest lean towards the big (level 3) hospitals
  // that out-of-province patients mostly travel to.
  const levels = rand.shuffle(
    Array.from({ length: count }, (_, i) => LEVEL_PATTERN[i % LEVEL_PATTERN.length] as HospitalLevel),
  );
  // Distinct districts, so bill batch codes (district + year) never collide between hospitals.
  const districtsByProvince = PROVINCES.map((province) => rand.shuffle(province.districts));
  let levelThreeCount = 0;

  const hospitals = levels.map((level, i): SimulatedHospital => {
    const provinceIndex = i % PROVINCES.length;
    const province = PROVINCES[provinceIndex] as Province;
    const district = districtsByProvince[provinceIndex]?.[Math.floor(i / PROVINCES.length)] as District;
    const code = `H${district.code}${String(rand.int(1, 999)).padStart(5, '0')}`;
    const ordinal = level === 3 ? ++levelThreeCount : 0;
    // Drawn in any case, so the codes that follow are the same with or without a key seed.
    const seededKeys = ed25519KeyPairFromSeed(rand);
    const keys =
      options.keySeed === undefined
        ? seededKeys
        : ed25519KeyPairFromSeed(seededRandom(options.keySeed).fork(code));
    return {
      code,
      ...hospitalNames(level, district, ordinal),
      level,
      provinceCode: province.code,
      provinceName: province.name,
      districtCode: district.code,
      keyId: `${code}-${year}`,
      ...keys,
    };
  });
  return { seed: String(seed), year, hospitals };
}

function hospitalNames(level: HospitalLevel, d: District, ordinal: number): { name: string; nameEn: string } {
  switch (level) {
    case 3:
      return {
        name: `${d.city}测试第${ORDINALS[ordinal - 1] ?? ordinal}人民医院 (test)`,
        nameEn: `${d.cityEn} Test No. ${ordinal} People's Hospital (test)`,
      };
    case 2:
      return {
        name: `${d.city}${d.district}测试中心医院 (test)`,
        nameEn: `${d.cityEn} ${d.districtEn} Test Central Hospital (test)`,
      };
    case 1:
      return {
        name: `${d.city}${d.district}测试社区卫生服务中心 (test)`,
        nameEn: `${d.cityEn} ${d.districtEn} Test Community Health Centre (test)`,
      };
  }
}

/**
 * An Ed25519 private key is 32 random bytes; wrapping seeded bytes in the fixed PKCS#8
 * header (RFC 8410) gives a reproducible key pair without a crypto RNG. Test keys only.
 */
export function ed25519KeyPairFromSeed(rand: SeededRandom): { publicKeyPem: string; privateKeyPem: string } {
  const pkcs8Header = Buffer.from('302e020100300506032b657004220420', 'hex');
  const secret = Buffer.from(Array.from({ length: 32 }, () => rand.int(0, 255)));
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Header, secret]),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The key registry crossclaim would hold for these hospitals: public keys only, read once. */
export function keyRegistryFor(catalog: HospitalCatalog): Map<string, HospitalPublicKey> {
  return new Map(
    catalog.hospitals.map((h) => [
      h.keyId,
      { hospitalCode: h.code, publicKey: createPublicKey(h.publicKeyPem), revoked: false },
    ]),
  );
}

export function signingKeyFor(hospital: SimulatedHospital): SigningKey {
  return { keyId: hospital.keyId, privateKey: hospital.privateKeyPem };
}

export function findHospital(catalog: HospitalCatalog, code: string): SimulatedHospital | undefined {
  return catalog.hospitals.find((h) => h.code === code);
}
