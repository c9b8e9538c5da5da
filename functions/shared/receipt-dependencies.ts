import { deps, setDependencies, type Dependencies } from './dependencies';

/**
 * The receipt handlers' parts (where receipt images are kept, which OCR engine reads them) are
 * built by the composition root with the rest (functions/shared/dependencies.ts); these names
 * are kept so the handler files that use them did not change. New code uses `deps()`.
 */
export type ReceiptDependencies = Pick<Dependencies, 'receiptImages' | 'ocr'>;

export const receiptDeps = <K extends keyof ReceiptDependencies>(name: K): ReceiptDependencies[K] =>
  deps(name);

export const setReceiptDependencies = (replacements: Partial<ReceiptDependencies>): void =>
  setDependencies(replacements);

/** Drops the tests' replacements of the receipt parts only. */
export const resetReceiptDependencies = (): void =>
  setDependencies({ receiptImages: undefined, ocr: undefined });
