/**
 * A bill's lifelong identity as one string, `<hospital>#<batch code>#<bill number>`, as used in
 * keys (`BILL#<hospital>#<batch>#<no>`, the duplicate guard's too) and reasons. Scoped to the
 * issuing hospital: batch codes and numbers are each hospital's own sequence, so a bill of one
 * hospital can never be named, flagged or guarded through another's.
 */
export type BillIdentity = { billBatchCode: string; billNo: string } & (
  { hospital: { code: string } } | { hospitalCode: string }
);

export const billKeyOf = (b: BillIdentity): string =>
  `${'hospital' in b ? b.hospital.code : b.hospitalCode}#${b.billBatchCode}#${b.billNo}`;
