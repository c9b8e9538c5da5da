/**
 * The API's answers as the pages use them: a hand-kept subset of the response schemas in
 * functions/shared/*-views.ts (the source of truth, published at /openapi.json). The pages
 * do not import the server's modules, which pull in Node and the AWS SDK.
 */

export type ClaimStatus =
  | 'SUBMITTED'
  | 'FETCHING'
  | 'WAITING_FOR_EBILL'
  | 'READING'
  | 'VERIFYING'
  | 'ADJUDICATED'
  | 'IN_REVIEW'
  | 'WAITING_FOR_INFO'
  | 'APPROVED'
  | 'PAID'
  | 'REJECTED'
  | 'FAILED'
  | 'APPEALED';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ClaimReason extends Bilingual {
  code: string;
  detail?: string;
}

export interface ClaimSummary {
  claimId: string;
  status: ClaimStatus;
  createdAt: string;
  hospitalCode: string;
  careType: 'inpatient' | 'outpatient';
  serviceDate: string;
  paidFen?: number;
}

export interface ClaimView {
  claimId: string;
  /** Filed by someone else for the citizen (帮办 / 代办). */
  filedBy?: { role: 'agent' | 'delegate'; agentId?: string; region?: string; authorityId: string };
  status: ClaimStatus;
  createdAt: string;
  updatedAt: string;
  hospitalCode: string;
  insured: { idNumberMasked: string; nameMasked: string; homeRegion: string; scheme: string };
  visit: { visitNo: string; careType: 'inpatient' | 'outpatient'; serviceDate: string };
  reasons: ClaimReason[];
  decision?: {
    decision: string;
    reasonCode?: string;
    note?: string;
    at: string;
    clerkId?: string;
    checkedBy?: string;
  };
  adjustments?: { seq: number; allowedFen: number; reason: string }[];
  assignee?: { clerkId: string; at: string };
  pendingCheck?: { decision: string; makerId: string; at: string; benefitFen: number };
  infoRequest?: { question: string; askedAt: string; deadline: string; answer?: string; answeredAt?: string };
  appealUntil?: string;
  appeals?: { appealNo: number; reason: string; filedAt: string; status: string; differenceFen?: number }[];
  benefit?: { benefitFen: number; submittedFen: number };
  paidFen?: number;
}

export interface EobLine {
  seq: number;
  code: string;
  name: string;
  category: 'A' | 'B' | 'C';
  submittedFen: number;
  selfPayFen: number;
  selfPayFirstFen: number;
  eligibleFen: number;
  deductibleFen: number;
  coinsuranceFen: number;
  overCapFen: number;
  benefitFen: number;
  patientPaysFen: number;
  reason: Bilingual;
}

export interface EobView {
  claimId: string;
  outcome: 'paid' | 'approved' | 'rejected' | 'pending';
  totals: Omit<EobLine, 'seq' | 'code' | 'name' | 'category' | 'reason'>;
  notes: Bilingual[];
  lines: EobLine[];
  payment?: { amountFen: number; date: string; bankReference?: string };
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: { role: string; sub?: string };
  action: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface HistoryView {
  claimId: string;
  verified: boolean;
  entries: HistoryEntry[];
}

export interface QueueItem {
  claimId: string;
  status: ClaimStatus;
  queuedAt?: string;
  hospitalCode: string;
  careType: 'inpatient' | 'outpatient';
  reasons: ClaimReason[];
  benefitFen?: number;
  ageSeconds?: number;
  sla?: { dueAt: string; state: 'ok' | 'due_soon' | 'breached' };
  assignee?: { clerkId: string; at: string };
  pendingCheck?: { makerId: string; decision: string; benefitFen: number };
  escalatedAt?: string;
}

export type ReceiptField =
  'billBatchCode' | 'billNo' | 'checkCode' | 'issueDate' | 'hospitalName' | 'payerName' | 'totalAmtFen';

export interface ReceiptView {
  receiptId: string;
  hasImage: boolean;
  source?: string;
  fields: {
    field: ReceiptField;
    value: string | number | null;
    confidence: number;
    ebill?: string | number | null;
    flagged?: 'differs' | 'low_confidence';
  }[];
  outcome?: { kind: string; detail?: string };
}

export interface Stay {
  hospitalCode: string;
  hospitalName: string;
  visitNo: string;
  careType: 'inpatient' | 'outpatient';
  serviceDate: string;
  totalAmtFen: number;
}

export interface Hospital {
  code: string;
  name: string;
  nameEn: string;
  level: number;
}

export interface DashboardView {
  region: string;
  generatedAt: string;
  total: number;
  byStatus: Record<ClaimStatus, number>;
  perDay: { date: string; submitted: number; byStatus: Record<ClaimStatus, number> }[];
  decided: { closed: number; automatic: number; automaticShare: number | null };
  submitToPaid: { count: number; p50Seconds: number | null; p95Seconds: number | null };
  queue: {
    size: number;
    inReview: number;
    failed: number;
    oldestAgeSeconds: number | null;
    slaBreaches: number;
  };
  payouts: { count: number; totalFen: number };
  ratings: {
    count: number;
    averageScore: number | null;
    satisfaction: number | null;
    followUpRate: number | null;
    onTimeRate: number | null;
  };
}

export const RATING_LEVELS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export interface FollowUpView {
  dueDate: string;
  workingDays: number;
  state: 'open' | 'overdue' | 'answered';
  escalatedAt?: string;
  answer?: { text: string; at: string; onTime: boolean; clerkId?: string };
}

export interface RatingView {
  claimId: string;
  region: string;
  score: number;
  level: RatingLevel;
  levelName: { zh: string; en: string };
  subScores: Record<string, RatingLevel>;
  comment?: string;
  at: string;
  followUp?: FollowUpView;
}

export interface RatingOfClaim {
  claimId: string;
  rating: RatingView | null;
  subScores: { code: string; zh: string; en: string }[];
}

export interface FollowUpsView {
  region: string;
  satisfaction: number | null;
  followUpRate: number | null;
  onTimeRate: number | null;
  followUps: RatingView[];
}

/** GET /my/visits (functions/views/visit-views.ts). */
export interface Visit {
  visitRef: string;
  hospitalCode: string;
  hospitalName: string;
  visitNo: string;
  careType: 'inpatient' | 'outpatient';
  serviceDate: string;
  totalAmtFen: number;
  bills: { billNo: string; totalAmtFen: number; settledDirectly: boolean }[];
  settledDirectly: boolean;
  claim?: { claimId: string; status: ClaimStatus };
  claimable: boolean;
}

export interface MyVisits {
  source: 'home-region' | 'hospitals';
  visits: Visit[];
}

/** GET /my/delegations (functions/views/delegation-views.ts). */
export interface Delegation {
  delegationId: string;
  kind: 'family' | 'agent';
  delegateNameMasked?: string;
  relationship?: 'spouse' | 'parent' | 'child' | 'sibling' | 'other';
  createdAt: string;
  validUntil: string;
  revokedAt?: string;
  usedFor?: string;
  locked?: boolean;
}

export interface NewDelegation extends Delegation {
  authorisationCode?: string;
}
