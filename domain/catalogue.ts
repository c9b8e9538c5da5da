import { z } from 'zod';
import type { ClaimItem } from './adjudication-case';
import type { ClaimReason } from './claim';
import type { Bilingual } from './explanation';
import { IsoDateSchema, ItemCategorySchema, PercentSchema, type ItemCategory } from './schema-primitives';

/**
 * The home region's insurance catalogue (医保目录): item code → category A/B/C, and for a
 * category B item its own self-pay-first share. Versioned: a claim is decided by the version
 * in force on its service date. The category on a hospital's bill is the hospital's claim; the
 * catalogue's is the fund's rule.
 */
export const CatalogueEntrySchema = z.strictObject({
  category: ItemCategorySchema,
  selfPayFirstPct: PercentSchema.optional(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;

export const CatalogueSchema = z.strictObject({
  region: z.string().regex(/^\d{6}$/),
  version: z.string().min(1).max(40),
  effectiveFrom: IsoDateSchema,
  /** Null while it is the version in force. */
  effectiveTo: IsoDateSchema.nullable(),
  items: z.record(z.string().min(1).max(40), CatalogueEntrySchema),
});
export type Catalogue = z.infer<typeof CatalogueSchema>;

/** What the policy does with lines the catalogue and the bill do not agree on (policy data). */
export interface CatalogueRules {
  /** A code the catalogue does not list: paid as self-pay (C), and a clerk looks ('review') or not. */
  unknownCode: 'review' | 'self_pay';
  /** The bill's category is better for the citizen than the catalogue's: the catalogue pays, and a clerk looks or not. */
  billMoreFavourable: 'review' | 'pay_by_catalogue';
}

export const DEFAULT_CATALOGUE_RULES: CatalogueRules = {
  unknownCode: 'review',
  billMoreFavourable: 'review',
};

export interface CatalogueCorrection {
  seq: number;
  code: string;
  billCategory: ItemCategory;
  /** Null: the code is not in the catalogue (paid as self-pay). */
  catalogueCategory: ItemCategory | null;
}

export interface CatalogueOutcome {
  items: ClaimItem[];
  corrections: CatalogueCorrection[];
  /** Lines a clerk must see before payout, by the policy's rules. */
  reviewReasons: ClaimReason[];
  /** Which catalogue decided, for the explanation. */
  note: Bilingual;
  version: string;
}

/** How good a category is for the citizen: A best, C worst. */
const GENEROSITY: Record<ItemCategory, number> = { A: 2, B: 1, C: 0 };

/**
 * Re-categorises a claim's items by the catalogue. The catalogue's category and self-pay-first
 * share win over the bill's for money, always; the rules only say whether a clerk looks as well.
 * A lookup per line is one property read, so adjudication stays a few reads per line.
 */
export function applyCatalogue(
  items: readonly ClaimItem[],
  catalogue: Catalogue,
  rules: CatalogueRules,
): CatalogueOutcome {
  const corrections: CatalogueCorrection[] = [];
  const unknown: string[] = [];
  const favourable: string[] = [];
  const out = items.map((item, index): ClaimItem => {
    const entry = Object.hasOwn(catalogue.items, item.code) ? catalogue.items[item.code] : undefined;
    const seq = index + 1;
    if (!entry) {
      corrections.push({ seq, code: item.code, billCategory: item.category, catalogueCategory: null });
      unknown.push(`#${seq} ${item.code}`);
      return { code: item.code, name: item.name, category: 'C', amountFen: item.amountFen };
    }
    if (entry.category !== item.category) {
      corrections.push({
        seq,
        code: item.code,
        billCategory: item.category,
        catalogueCategory: entry.category,
      });
      if (GENEROSITY[item.category] > GENEROSITY[entry.category])
        favourable.push(`#${seq} ${item.code} ${item.category}→${entry.category}`);
    }
    return {
      code: item.code,
      name: item.name,
      category: entry.category,
      amountFen: item.amountFen,
      ...(entry.category === 'B' &&
        entry.selfPayFirstPct !== undefined && { selfPayFirstPct: entry.selfPayFirstPct }),
    };
  });
  const reviewReasons: ClaimReason[] = [];
  if (unknown.length > 0 && rules.unknownCode === 'review') {
    reviewReasons.push({
      code: 'CATALOGUE_UNKNOWN_ITEM',
      zh: '票据项目编码不在参保地医保目录中，暂按自费计算，需经办人核对',
      en: 'item codes not in the home region’s catalogue are counted as self-pay until a clerk checks them',
      detail: unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? ` (+${unknown.length - 10})` : ''),
    });
  }
  if (favourable.length > 0 && rules.billMoreFavourable === 'review') {
    reviewReasons.push({
      code: 'CATALOGUE_CATEGORY_DISAGREES',
      zh: '医院票据的甲乙丙类别优于医保目录，已按目录计算，需经办人核对',
      en: 'the bill puts items in a better category than the catalogue; paid by the catalogue, a clerk checks',
      detail:
        favourable.slice(0, 10).join(', ') + (favourable.length > 10 ? ` (+${favourable.length - 10})` : ''),
    });
  }
  return {
    version: catalogue.version,
    items: out,
    corrections,
    reviewReasons,
    note: {
      zh: `项目类别按参保地 ${catalogue.region} 医保目录 ${catalogue.version} 版（${catalogue.effectiveFrom} 起施行）确定${
        corrections.length > 0 ? `，更正 ${corrections.length} 项票据类别` : ''
      }`,
      en: `item categories decided by the home region ${catalogue.region} catalogue version ${catalogue.version} (in force from ${catalogue.effectiveFrom})${
        corrections.length > 0
          ? `; ${corrections.length} bill categor${corrections.length === 1 ? 'y' : 'ies'} corrected`
          : ''
      }`,
    },
  };
}

/** The version in force on a date, of the versions a region publishes. */
export function catalogueOn(versions: readonly Catalogue[], date: string): Catalogue | undefined {
  return versions.find((c) => c.effectiveFrom <= date && (c.effectiveTo === null || date <= c.effectiveTo));
}
