import { labelOf, type FieldLabel, type ViewAudience } from './data-classification';
import { TEXT_MASKS } from './masking';

/**
 * What an API answer may carry, decided by each field's classification label
 * (domain/data-classification.ts) and the audience the answer is for. Every answer of every
 * route passes here last (functions/shared/http.ts), so a view that picks up a field it should
 * not have (a new field in the case, a summary copied whole) cannot hand it out:
 *
 * - an ID number, bank account or phone (an L4 label with a mask) is never in a view in full,
 *   whoever asks: views show masked forms;
 * - a field whose label names its audiences (`shownTo`) is dropped for everyone else: who among
 *   staff acted and staff's internal notes reach staff only, the ID-number hash nobody;
 * - other L4 fields (diagnoses, a bill's check code, a citizen's own words) reach the citizen
 *   whose case it is and staff, never a hospital or an anonymous caller;
 * - a person's name (an L3 label with the name mask) is masked for a hospital or anonymous caller.
 *
 * The route's authorization decides whether a caller gets a case at all; this decides which
 * fields of it. Fields without a label are kept (test/security/data-classification.test.ts
 * makes every field of every answer's schema carry one).
 */
export type { ViewAudience };

type Fate = 'show' | 'mask' | 'drop';

const PERSONAL_AUDIENCES: readonly ViewAudience[] = ['citizen', 'staff'];

export function fateOf(label: FieldLabel | undefined, audience: ViewAudience): Fate {
  if (!label) return 'show';
  if (label.shownTo && !label.shownTo.includes(audience)) return 'drop';
  if (label.mask === 'idNumber' || label.mask === 'bankAccount') return 'mask';
  const personal = PERSONAL_AUDIENCES.includes(audience);
  if (label.level === 'L4' && !personal) return 'drop';
  if (label.mask === 'name' && !personal) return 'mask';
  return 'show';
}

function masked(label: FieldLabel, value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return label.mask && label.mask !== 'redact' ? TEXT_MASKS[label.mask](String(value)) : undefined;
}

/** A copy of an answer's body with each field shown, masked or dropped for this audience. */
export function viewFor<T>(body: T, audience: ViewAudience): T {
  return walk(body, '', audience) as T;
}

/** `parent` is the key the value sits under: an array's elements sit under the array's key. */
function walk(value: unknown, parent: string, audience: ViewAudience): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, parent, audience));
  if (value === null || typeof value !== 'object') return value;
  const shown: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const label = labelOf(parent, key);
    const fate = field == null ? 'show' : fateOf(label, audience);
    if (fate === 'drop') continue;
    if (fate === 'mask' && label) {
      const text = masked(label, field);
      if (text !== undefined) shown[key] = text;
      continue;
    }
    shown[key] = walk(field, key, audience);
  }
  return shown;
}
