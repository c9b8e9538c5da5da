import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDigit,
  generateFakeIdNumber,
  hashIdNumber,
  isValidIdNumber,
  maskIdNumber,
} from '../../domain/identity';
import { seededRandom } from '../../domain/seeded-random';

// The worked example of GB 11643-1999 (a published specimen number, not a person's).
const STANDARD_EXAMPLE = '11010519491231002X';

const fakeIdArbitrary = fc
  .record({
    seed: fc.string(),
    region: fc.constantFrom('330402', '330411', '310104', '320508', '110105'),
    fromYear: fc.integer({ min: 1900, max: 2020 }),
    span: fc.integer({ min: 0, max: 80 }),
  })
  .map(({ seed, region, fromYear, span }) =>
    generateFakeIdNumber(seededRandom(seed), {
      regionCode: region,
      birthYearRange: [fromYear, fromYear + span],
    }),
  );

describe('identity numbers (GB 11643-1999)', () => {
  it('computes the check digit with weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 mod 11', () => {
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('33040219900101001')).toBe('9'); // weighted sum 157, 157 mod 11 = 3 → '9'
    expect(() => checkDigit('1101051949123100')).toThrow(RangeError);
  });

  it('accepts the standard’s worked example', () => {
    expect(isValidIdNumber(STANDARD_EXAMPLE)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '110105194912310021'],
    ['a lower-case x', '11010519491231002x'],
    ['17 characters', '11010519491231002'],
    ['a letter inside', '1101051949A231002X'],
    ['30 February', withCheckDigit('11010519490230002')],
    ['month 13', withCheckDigit('11010519491331002')],
    ['a birth year before 1900', withCheckDigit('11010518991231002')],
    ['29 February in a common year', withCheckDigit('11010519490229002')],
  ])('refuses %s', (_what, id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('accepts 29 February in a leap year', () => {
    expect(isValidIdNumber(withCheckDigit('11010520000229002'))).toBe(true);
  });

  it('generates only numbers that validate, in the region and birth years asked for', () => {
    fc.assert(
      fc.property(fakeIdArbitrary, (id) => {
        expect(isValidIdNumber(id)).toBe(true);
      }),
    );
    const id = generateFakeIdNumber(seededRandom(1), { regionCode: '330402', birthYearRange: [1960, 1960] });
    expect(id.slice(0, 10)).toBe('3304021960');
  });

  it('breaks validation when any single character changes', () => {
    fc.assert(
      fc.property(
        fakeIdArbitrary,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (id, position, replacement) => {
          fc.pre(id[position] !== replacement);
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          expect(isValidIdNumber(changed)).toBe(false);
        },
      ),
    );
  });

  it('generates the same numbers from the same seed', () => {
    const options = { regionCode: '330402', birthYearRange: [1950, 2000] } as const;
    expect(generateFakeIdNumber(seededRandom('s'), options)).toBe(
      generateFakeIdNumber(seededRandom('s'), options),
    );
  });

  it('hashes to sha256:<64 hex>, the same for the same number and upper-case X', () => {
    expect(hashIdNumber(STANDARD_EXAMPLE)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashIdNumber('11010519491231002x')).toBe(hashIdNumber(STANDARD_EXAMPLE));
    expect(hashIdNumber(STANDARD_EXAMPLE)).not.toBe(hashIdNumber(withCheckDigit('11010519491231003')));
  });

  it('masks all but the first 4 and last 4 characters, as on the sample bill', () => {
    expect(maskIdNumber('330402199001010019')).toBe('3304**********0019');
    expect(maskIdNumber('12345678')).toBe('********');
  });
});

function withCheckDigit(first17: string): string {
  return first17 + checkDigit(first17);
}
