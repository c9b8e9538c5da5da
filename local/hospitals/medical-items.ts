import type { BillItemCategory } from '../../domain/ebill';

/**
 * What simulated hospitals bill for: item codes shaped like the NHSA national codes (9-digit
 * service items of the national price specification, 23-character Western drug codes 'X…',
 * 20-character Chinese patent medicine codes 'Z…', 27-character consumable codes 'C…'),
 * Chinese names with English glosses, and plausible price ranges in fen. Realistic in shape,
 * not an official price list.
 */

export type ItemKind =
  | 'consultation'
  | 'bed'
  | 'nursing'
  | 'treatment'
  | 'lab'
  | 'imaging'
  | 'exam'
  | 'anesthesia'
  | 'surgery'
  | 'drug'
  | 'consumable'
  | 'implant'
  | 'premium';

export interface ItemTemplate {
  code: string;
  name: string;
  nameEn: string;
  kind: ItemKind;
  category: BillItemCategory;
  /** Category B items that carry their own self-pay-first share (implants mostly). */
  selfPayFirstPct?: number;
  /** Unit price range in fen, both ends inclusive. */
  unitPriceFen: readonly [number, number];
  /** Prices are whole multiples of this many fen (services in yuan, drugs to the fen). */
  priceStepFen: number;
  /** Quantity range; 'days' means one per day of the stay. */
  qty: readonly [number, number] | 'days';
  /** Where the item is billed. */
  settings: readonly ('inpatient' | 'outpatient')[];
}

const IN = ['inpatient'] as const;
const OUT = ['outpatient'] as const;
const BOTH = ['inpatient', 'outpatient'] as const;

// One item per line, so prettier leaves the table alone. Columns: code, name, English gloss, kind,
// category (1 A, 2 B, 3 C), unit price range (fen), price step (fen), quantity, settings[, selfPayFirstPct].
// prettier-ignore
export const MEDICAL_ITEMS: readonly ItemTemplate[] = [
  // Consultation, bed and nursing (general medical services, 11xx / 12xx).
  item('110200001', '普通门诊诊查费', 'general outpatient consultation', 'consultation', 1, [1000, 2500], 100, [1, 1], OUT),
  item('110200003', '主任医师诊查费', 'chief physician consultation', 'consultation', 1, [3000, 6000], 100, [1, 1], OUT),
  item('110200005', '住院诊查费', 'inpatient daily consultation', 'consultation', 1, [1500, 3000], 100, 'days', IN),
  item('110900001', '床位费', 'ward bed (per day)', 'bed', 1, [4000, 12000], 100, 'days', IN),
  item('120100003', 'Ⅰ级护理', 'level I nursing (per day)', 'nursing', 1, [2500, 5000], 100, 'days', IN),
  item('120100004', 'Ⅱ级护理', 'level II nursing (per day)', 'nursing', 1, [1500, 3500], 100, 'days', IN),
  item('120400002', '静脉注射', 'intravenous injection', 'treatment', 1, [300, 800], 10, [1, 10], BOTH),
  item('120400006', '静脉输液', 'intravenous infusion', 'treatment', 1, [500, 1500], 10, [1, 20], BOTH),
  item('120800002', '氧气吸入', 'oxygen inhalation (per hour)', 'treatment', 1, [300, 600], 10, [2, 48], IN),
  // Laboratory (25xx).
  item('250101015', '血常规', 'complete blood count', 'lab', 1, [2000, 3000], 100, [1, 4], BOTH),
  item('250102001', '尿常规', 'urinalysis', 'lab', 1, [800, 1500], 100, [1, 2], BOTH),
  item('250203066', '凝血功能', 'coagulation panel', 'lab', 1, [4000, 9000], 100, [1, 3], IN),
  item('250301001', '肝功能', 'liver function tests', 'lab', 1, [6000, 12000], 100, [1, 3], BOTH),
  item('250307001', '肾功能', 'renal function tests', 'lab', 1, [3000, 8000], 100, [1, 3], BOTH),
  item('250310001', '电解质', 'electrolytes', 'lab', 1, [2000, 4000], 100, [1, 3], IN),
  item('250402035', 'C反应蛋白', 'C-reactive protein', 'lab', 1, [1500, 3000], 100, [1, 3], BOTH),
  item('250501009', '血培养', 'blood culture', 'lab', 1, [8000, 15000], 100, [1, 2], IN),
  item('250302003', '糖化血红蛋白', 'glycated haemoglobin (HbA1c)', 'lab', 1, [4000, 7000], 100, [1, 1], OUT),
  // Imaging and examinations (21xx–31xx).
  item('210102015', '胸部DR摄影', 'chest X-ray (DR)', 'imaging', 1, [5000, 12000], 100, [1, 2], BOTH),
  item('210300001', '胸部CT平扫', 'chest CT (plain)', 'imaging', 1, [15000, 35000], 100, [1, 1], BOTH),
  item('210200001', '头颅MRI平扫', 'cranial MRI (plain)', 'imaging', 1, [40000, 80000], 100, [1, 1], IN),
  item('220201001', '腹部B超', 'abdominal ultrasound', 'imaging', 1, [8000, 16000], 100, [1, 1], BOTH),
  item('220600001', '彩色多普勒超声', 'colour Doppler ultrasound', 'imaging', 1, [10000, 25000], 100, [1, 1], BOTH),
  item('310701001', '常规心电图', 'resting ECG', 'exam', 1, [1500, 3000], 100, [1, 2], BOTH),
  // Anaesthesia and surgery (33xx), interventional (32xx).
  item('330100001', '局部浸润麻醉', 'local infiltration anaesthesia', 'anesthesia', 1, [2000, 5000], 100, [1, 1], IN),
  item('330100003', '全身麻醉', 'general anaesthesia', 'anesthesia', 1, [80000, 250000], 100, [1, 1], IN),
  item('331500002', '白内障超声乳化摘除术', 'phacoemulsification (cataract surgery)', 'surgery', 1, [400000, 700000], 100, [1, 1], IN),
  item('331003015', '腹腔镜下阑尾切除术', 'laparoscopic appendectomy', 'surgery', 1, [200000, 400000], 100, [1, 1], IN),
  item('331005009', '腹腔镜下胆囊切除术', 'laparoscopic cholecystectomy', 'surgery', 1, [250000, 500000], 100, [1, 1], IN),
  item('331506005', '人工全髋关节置换术', 'total hip arthroplasty', 'surgery', 1, [500000, 900000], 100, [1, 1], IN),
  item('320500004', '经皮冠状动脉支架置入术', 'percutaneous coronary stenting (PCI)', 'surgery', 1, [300000, 600000], 100, [1, 1], IN),
  // Western drugs (X…) and a Chinese patent medicine (Z…).
  item('XJ01DDA0526018159083016', '注射用头孢曲松钠', 'ceftriaxone for injection', 'drug', 1, [300, 3000], 1, [2, 28], IN),
  item('XJ01CAA0613186091390996', '阿莫西林胶囊', 'amoxicillin capsules (box)', 'drug', 1, [800, 2000], 1, [1, 3], OUT),
  item('XA02BCA0030824628194821', '奥美拉唑肠溶胶囊', 'omeprazole enteric capsules (box)', 'drug', 1, [1000, 3000], 1, [1, 3], BOTH),
  item('XB05BBA0993518190937865', '0.9%氯化钠注射液', 'sodium chloride 0.9% injection', 'drug', 1, [300, 600], 1, [1, 30], BOTH),
  item('XB05BAA0797543231948757', '5%葡萄糖注射液', 'glucose 5% injection', 'drug', 1, [300, 700], 1, [1, 20], IN),
  item('XN02BEA0491186252760189', '对乙酰氨基酚片', 'paracetamol tablets (box)', 'drug', 1, [500, 1500], 1, [1, 2], BOTH),
  item('XC08CAA0555979711471049', '硝苯地平控释片', 'nifedipine controlled-release tablets (box)', 'drug', 1, [2000, 4000], 1, [1, 3], OUT),
  item('XA10BAA0746507529170342', '盐酸二甲双胍缓释片', 'metformin extended-release tablets (box)', 'drug', 1, [1000, 3000], 1, [1, 3], OUT),
  item('XC10AAA0026859952890786', '阿托伐他汀钙片', 'atorvastatin calcium tablets (box)', 'drug', 1, [500, 3000], 1, [1, 3], BOTH),
  item('XB01ABA0366712768426846', '依诺肝素钠注射液', 'enoxaparin sodium injection', 'drug', 2, [2000, 5000], 1, [3, 14], IN),
  item('XJ01CRA0563212233079244', '注射用哌拉西林钠他唑巴坦钠', 'piperacillin–tazobactam for injection', 'drug', 2, [2000, 8000], 1, [6, 30], IN),
  item('XB01ACA0666176031372159', '硫酸氢氯吡格雷片', 'clopidogrel tablets (box)', 'drug', 2, [1000, 4000], 1, [1, 3], BOTH),
  item('XB05AAA0010928159013962', '人血白蛋白', 'human serum albumin', 'drug', 2, [30000, 50000], 1, [1, 6], IN),
  item('XS01XAA0547280385280841', '玻璃酸钠滴眼液', 'sodium hyaluronate eye drops', 'drug', 2, [2000, 5000], 1, [1, 2], BOTH),
  item('XS01AEA0485253888539336', '左氧氟沙星滴眼液', 'levofloxacin eye drops', 'drug', 1, [1000, 3000], 1, [1, 2], BOTH),
  item('ZA01AAL3387500474395', '连花清瘟胶囊', 'Lianhua Qingwen capsules (box)', 'drug', 2, [1200, 2500], 1, [1, 3], OUT),
  item('XL03AXA0459571177774121', '注射用胸腺法新', 'thymalfasin for injection (self-pay)', 'drug', 3, [10000, 60000], 1, [1, 7], IN),
  // Consumables and implants (C…); implants are category B with their own self-pay-first share.
  item('C14010216700100004211000327', '一次性使用输液器', 'disposable infusion set', 'consumable', 1, [200, 800], 1, [1, 20], BOTH),
  item('C02030117800300012735000418', '一次性使用腹腔镜穿刺器', 'disposable laparoscopic trocar', 'consumable', 2, [30000, 80000], 100, [1, 3], IN, 20),
  item('C08010110700500003682000152', '人工晶体', 'intraocular lens', 'implant', 2, [300000, 1200000], 100, [1, 1], IN, 10),
  item('C11020308200100021487000936', '一次性使用吻合器', 'disposable surgical stapler', 'implant', 2, [200000, 600000], 100, [1, 1], IN, 20),
  item('C03040127100200015564000771', '髋关节假体', 'hip joint prosthesis', 'implant', 2, [2500000, 6000000], 100, [1, 1], IN, 30),
  item('C01020117700100008213000584', '药物洗脱冠脉支架', 'drug-eluting coronary stent', 'implant', 2, [70000, 150000], 100, [1, 2], IN, 10),
  // Category C: the premium room supplement is self-pay everywhere.
  item('SP00000001', '特需病房差价', 'premium room supplement (per day)', 'premium', 3, [20000, 80000], 100, 'days', IN),
];

function item(
  code: string,
  name: string,
  nameEn: string,
  kind: ItemKind,
  category: BillItemCategory,
  unitPriceFen: readonly [number, number],
  priceStepFen: number,
  qty: readonly [number, number] | 'days',
  settings: readonly ('inpatient' | 'outpatient')[],
  selfPayFirstPct?: number,
): ItemTemplate {
  return {
    code,
    name,
    nameEn,
    kind,
    category,
    unitPriceFen,
    priceStepFen,
    qty,
    settings,
    ...(selfPayFirstPct !== undefined && { selfPayFirstPct }),
  };
}

export function itemByCode(code: string): ItemTemplate {
  const found = MEDICAL_ITEMS.find((i) => i.code === code);
  if (!found) throw new Error(`no medical item ${code}`);
  return found;
}

export interface Diagnosis {
  code: string;
  name: string;
  nameEn: string;
}

/** A kind of inpatient stay: what it is for and what it always bills. */
export interface InpatientScenario {
  diagnosis: Diagnosis;
  /** The lowest hospital level that treats it: no hip replacements at a community health centre. */
  minLevel: 1 | 2 | 3;
  losDays: readonly [number, number];
  /** Item codes every such stay bills (beyond bed, nursing and consultation). */
  required: readonly string[];
  /** Item codes such stays often bill; the rest of the lines come from the general pool. */
  likely: readonly string[];
}

const ICD = 'ICD-10 (NHSA 2.0)';
export const DIAGNOSIS_SYSTEM = ICD;

export const INPATIENT_SCENARIOS: readonly InpatientScenario[] = [
  {
    diagnosis: { code: 'H25.900', name: '老年性白内障', nameEn: 'senile cataract' },
    minLevel: 2,
    losDays: [1, 4],
    required: ['331500002', '330100001', 'C08010110700500003682000152'],
    likely: ['XS01XAA0547280385280841', 'XS01AEA0485253888539336'],
  },
  {
    diagnosis: { code: 'K35.800', name: '急性阑尾炎', nameEn: 'acute appendicitis' },
    minLevel: 2,
    losDays: [3, 7],
    required: ['331003015', '330100003'],
    likely: ['XJ01DDA0526018159083016', 'C02030117800300012735000418', '220201001'],
  },
  {
    diagnosis: { code: 'K80.200', name: '胆囊结石', nameEn: 'gallbladder stones' },
    minLevel: 2,
    losDays: [3, 8],
    required: ['331005009', '330100003'],
    likely: ['C11020308200100021487000936', 'C02030117800300012735000418', '220201001'],
  },
  {
    diagnosis: { code: 'J18.900', name: '肺炎', nameEn: 'pneumonia' },
    minLevel: 1,
    losDays: [5, 14],
    required: ['210300001'],
    likely: ['XJ01CRA0563212233079244', 'XJ01DDA0526018159083016', '250501009', '120800002'],
  },
  {
    diagnosis: { code: 'M16.900', name: '髋关节病', nameEn: 'coxarthrosis (hip osteoarthritis)' },
    minLevel: 3,
    losDays: [7, 20],
    required: ['331506005', '330100003', 'C03040127100200015564000771'],
    likely: ['XB01ABA0366712768426846', '210102015'],
  },
  {
    diagnosis: {
      code: 'I25.100',
      name: '冠状动脉粥样硬化性心脏病',
      nameEn: 'coronary atherosclerotic heart disease',
    },
    minLevel: 3,
    losDays: [3, 8],
    required: ['320500004', 'C01020117700100008213000584'],
    likely: ['XB01ACA0666176031372159', 'XC10AAA0026859952890786', '310701001'],
  },
];

/** Outpatient visits: a diagnosis and the items such a visit usually bills. */
export interface OutpatientScenario {
  diagnosis: Diagnosis;
  likely: readonly string[];
}

export const OUTPATIENT_SCENARIOS: readonly OutpatientScenario[] = [
  {
    diagnosis: { code: 'J06.900', name: '急性上呼吸道感染', nameEn: 'acute upper respiratory infection' },
    likely: [
      '250101015',
      '250402035',
      'XJ01CAA0613186091390996',
      'ZA01AAL3387500474395',
      'XN02BEA0491186252760189',
    ],
  },
  {
    diagnosis: { code: 'I10.x00', name: '高血压', nameEn: 'hypertension' },
    likely: ['XC08CAA0555979711471049', 'XC10AAA0026859952890786', '310701001', '250307001'],
  },
  {
    diagnosis: { code: 'E11.900', name: '2型糖尿病', nameEn: 'type 2 diabetes' },
    likely: ['XA10BAA0746507529170342', '250302003', '250301001', '250307001'],
  },
  {
    diagnosis: { code: 'K29.700', name: '胃炎', nameEn: 'gastritis' },
    likely: ['XA02BCA0030824628194821', '220201001', '250101015'],
  },
];
