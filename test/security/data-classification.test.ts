import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_LABELS, labelOf, unlabelledFields } from '../../domain/data-classification';
import { redactPersonalData } from '../../domain/masking';
import { schemaFields } from '../../domain/schema-fields';
import { edgeSchemas } from '../../functions/edge-schemas';
import { API_ROUTE_LIST } from '../../functions/api-routes';

const schemas = edgeSchemas();
const ID = '330402199001010019';
const ACCOUNT = '6222020200112233445';

describe('data classification: every field that crosses an edge has a label (L1–L4)', () => {
  it('covers every route’s request and answer, every event and every outside exchange', () => {
    // Each route has its answer, and params/query/body where it takes them.
    expect(schemas.length).toBeGreaterThanOrEqual(API_ROUTE_LIST.length + 7 + 7);
    const fields = schemas.flatMap(({ schema }) => schemaFields(schema));
    expect(fields.length).toBeGreaterThan(1000);
    expect(unlabelledFields(schemas)).toEqual([]);
  });

  it('fails for a schema with a field nobody labelled, naming the schema and the path', () => {
    const fixture = z.object({
      claimId: z.string(),
      insured: z.object({ idNumber: z.string(), favouriteColour: z.string().optional() }),
      pets: z.array(z.object({ name: z.string(), microchipNo: z.string() })),
    });
    expect(unlabelledFields([...schemas, { name: 'fixture', schema: fixture }])).toEqual([
      'fixture: insured.favouriteColour',
      'fixture: pets[].microchipNo',
    ]);
  });

  it('walks nested objects, arrays and unions: the ID number in a claim is L4, its masked form L3', () => {
    const submit = schemas.find((s) => s.name === 'POST /claims body')!;
    const idField = schemaFields(submit.schema).find((f) => f.path === 'insured.idNumber');
    expect(idField && labelOf(idField.parent, idField.key)).toEqual({ level: 'L4', mask: 'idNumber' });
    const view = schemas.find((s) => s.name === 'GET /claims/{claimId} 200')!;
    const paths = schemaFields(view.schema).map((f) => f.path);
    expect(paths).toContain('insured.idNumberMasked');
    expect(labelOf('insured', 'idNumberMasked')?.level).toBe('L3');
    expect(labelOf('insured', 'name')).toEqual({ level: 'L3', mask: 'name' });
    expect(labelOf('hospital', 'name')?.level).toBe('L1');
  });
});

describe('data classification drives logging: no L4 field, and no masked L3 field, is logged in clear', () => {
  const sampleFor = (key: string) =>
    key.endsWith('idNumber') ? ID : /account|phone|mobile/i.test(key) ? ACCOUNT : '测试样例甲乙丙丁';

  for (const [labelKey, label] of Object.entries(FIELD_LABELS)) {
    if (label.level === 'L1' || label.level === 'L2') continue;
    if (label.level === 'L3' && !label.mask) continue;
    it(`${labelKey} (${label.level}${label.mask ? `, ${label.mask}` : ''})`, () => {
      const [parent, key] = labelKey.includes('.') ? labelKey.split('.') : ['anything', labelKey];
      const sample = sampleFor(key!);
      const logged = JSON.stringify(redactPersonalData({ [parent!]: { [key!]: sample } }));
      expect(logged).not.toContain(sample);
    });
  }

  it('every L4 label says how it is masked', () => {
    const withoutMask = Object.entries(FIELD_LABELS).filter(([, l]) => l.level === 'L4' && !l.mask);
    expect(withoutMask).toEqual([]);
  });
});
