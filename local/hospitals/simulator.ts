import { visitsFromBills, type SourcedVisit } from '../../domain/visits';
import type { DischargeSummary, EBillFetchResult } from '../../adapters/hospital-client';
import { ebillIdentity, type SignedEBill } from '../../domain/ebill';
import type { GeneratedVisit } from './bill-generator';
import type { HospitalCatalog } from './catalog';
import { planFor, type FaultPlan, type HospitalFaults } from './faults';

/**
 * An in-memory world of hospitals: the bills each has issued, bills that will only appear
 * later (a stay billed days after discharge), discharge summaries, and the faults each
 * hospital is switched into. The HTTP server in server.ts answers from it; tests and the
 * local runtime drive it directly.
 */

export interface SimulatorOptions {
  /** The clock that decides when scheduled bills appear; tests pass their own. */
  now?: () => Date;
}

/** When a visit's bill appears: now, at a time, or only when issuePending() is called. */
export type IssueTiming = 'now' | 'later' | Date;

/** A bill that appeared or changed, for whoever turns that into EBill.Issued / EBill.Voided events. */
export interface BillChange {
  kind: 'issued' | 'voided';
  bill: SignedEBill;
}

interface PendingBill {
  bill: SignedEBill;
  /** undefined: only issuePending() issues it. */
  at?: Date;
}

export class HospitalSimulator {
  private readonly billsByHospital = new Map<string, Map<string, SignedEBill>>();
  private pending: PendingBill[] = [];
  private readonly summaries = new Map<string, DischargeSummary>();
  private readonly faults = new Map<string, HospitalFaults>();
  private readonly listeners = new Set<(change: BillChange) => void>();
  private readonly now: () => Date;

  constructor(
    readonly catalog: HospitalCatalog,
    options: SimulatorOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    for (const hospital of catalog.hospitals) this.billsByHospital.set(hospital.code, new Map());
  }

  hasHospital(code: string): boolean {
    return this.billsByHospital.has(code);
  }

  /**
   * Issues a bill now. A bill with the identity of one already there replaces it (void, re-issue).
   * `announce: false` is a hospital that issues and never pushes the event (a lost notice): only
   * a fetch finds the bill.
   */
  issue(bill: SignedEBill, { announce = true }: { announce?: boolean } = {}): void {
    this.billsOf(bill.hospital.code).set(ebillIdentity(bill), bill);
    if (!announce) return;
    const change: BillChange = { kind: bill.status === 'voided' ? 'voided' : 'issued', bill };
    for (const listener of this.listeners) listener(change);
  }

  /** Holds a bill back until `at`, or, without `at`, until issuePending(). */
  issueLater(bill: SignedEBill, at?: Date): void {
    this.billsOf(bill.hospital.code);
    this.pending.push(at ? { bill, at } : { bill });
  }

  /** Issues every bill held back, whatever its time (announced unless said). Returns them. */
  issuePending(options: { announce?: boolean } = {}): SignedEBill[] {
    const released = this.pending.map((p) => p.bill);
    this.pending = [];
    released.forEach((bill) => this.issue(bill, options));
    return released;
  }

  /** Issues the held-back bills whose time has come. Queries call it; a runtime may call it on a timer. */
  releaseDue(): SignedEBill[] {
    const now = this.now().getTime();
    const due = this.pending.filter((p) => p.at !== undefined && p.at.getTime() <= now);
    this.pending = this.pending.filter((p) => !due.includes(p));
    due.forEach((p) => this.issue(p.bill));
    return due.map((p) => p.bill);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Puts a generated visit into the world: its discharge summary at once, its bill as timed. */
  addVisit(visit: GeneratedVisit, timing: IssueTiming = 'now'): void {
    if (visit.dischargeSummary) this.addDischargeSummary(visit.dischargeSummary);
    if (timing === 'now') this.issue(visit.bill);
    else this.issueLater(visit.bill, timing === 'later' ? undefined : timing);
  }

  addDischargeSummary(summary: DischargeSummary): void {
    this.billsOf(summary.hospitalCode);
    this.summaries.set(summaryKey(summary.hospitalCode, summary.visitNo), summary);
  }

  /** The bills of one visit of one person; voided bills and red reversals included, as a hospital would. */
  findBills(hospitalCode: string, query: { visitNo: string; idNumberHash: string }): EBillFetchResult {
    this.releaseDue();
    const bills = [...this.billsOf(hospitalCode).values()].filter(
      (b) => b.visitNo === query.visitNo && b.payer.idNumberHash === query.idNumberHash,
    );
    return bills.length > 0 ? { status: 'issued', bills } : { status: 'not_issued' };
  }

  /** A person's visits at one hospital, from the bills it issued them (GET /hospitals/{code}/visits). */
  visitsOf(hospitalCode: string, idNumberHash: string): SourcedVisit[] {
    this.releaseDue();
    return visitsFromBills([...this.billsOf(hospitalCode).values()], idNumberHash);
  }

  getBill(hospitalCode: string, billBatchCode: string, billNo: string): SignedEBill | undefined {
    this.releaseDue();
    return this.billsOf(hospitalCode).get(ebillIdentity({ billBatchCode, billNo }));
  }

  getDischargeSummary(hospitalCode: string, visitNo: string): DischargeSummary | undefined {
    this.billsOf(hospitalCode);
    return this.summaries.get(summaryKey(hospitalCode, visitNo));
  }

  /** Replaces the hospital's faults; {} switches them all off. */
  setFaults(hospitalCode: string, faults: HospitalFaults): void {
    this.billsOf(hospitalCode);
    this.faults.set(hospitalCode, { ...faults });
  }

  /** Switches off the faults of one hospital, or of all. */
  clearFaults(hospitalCode?: string): void {
    if (hospitalCode === undefined) this.faults.clear();
    else this.faults.delete(hospitalCode);
  }

  faultsOf(hospitalCode: string): HospitalFaults {
    return { ...(this.faults.get(hospitalCode) ?? {}) };
  }

  /** How to treat the hospital's next request; counts a failNextN failure down. */
  nextFaultPlan(hospitalCode: string): FaultPlan {
    const { plan, remaining } = planFor(this.faults.get(hospitalCode) ?? {});
    if (this.faults.has(hospitalCode)) this.faults.set(hospitalCode, remaining);
    return plan;
  }

  /** Everything the hospitals hold, for a world that keeps it on disk across restarts. */
  snapshot(): SimulatorSnapshot {
    return {
      issued: [...this.billsByHospital.values()].flatMap((bills) => [...bills.values()]),
      pending: this.pending.map((p) => ({ bill: p.bill, ...(p.at && { at: p.at.toISOString() }) })),
      summaries: [...this.summaries.values()],
    };
  }

  /** Puts back what a snapshot held, quietly: these bills were announced when first issued. */
  restore(snapshot: SimulatorSnapshot): void {
    for (const bill of snapshot.issued) this.billsOf(bill.hospital.code).set(ebillIdentity(bill), bill);
    for (const p of snapshot.pending)
      this.pending.push(p.at ? { bill: p.bill, at: new Date(p.at) } : { bill: p.bill });
    for (const summary of snapshot.summaries) this.addDischargeSummary(summary);
  }

  /** Calls `listener` whenever a bill is issued or voided; returns the unsubscribe function. */
  onBillChange(listener: (change: BillChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private billsOf(hospitalCode: string): Map<string, SignedEBill> {
    const bills = this.billsByHospital.get(hospitalCode);
    if (!bills) throw new UnknownHospitalError(hospitalCode);
    return bills;
  }
}

export interface SimulatorSnapshot {
  issued: SignedEBill[];
  pending: { bill: SignedEBill; at?: string }[];
  summaries: DischargeSummary[];
}

export class UnknownHospitalError extends Error {
  override readonly name = 'UnknownHospital';
  constructor(readonly hospitalCode: string) {
    super(`no simulated hospital ${hospitalCode}`);
  }
}

function summaryKey(hospitalCode: string, visitNo: string): string {
  return `${hospitalCode}#${visitNo}`;
}
