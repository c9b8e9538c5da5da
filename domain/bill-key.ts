/** A bill's lifelong identity as one string, `<batch code>#<bill number>`, as used in keys and reasons. */
export const billKeyOf = (b: { billBatchCode: string; billNo: string }): string =>
  `${b.billBatchCode}#${b.billNo}`;
