import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  InvalidEventPatternError,
  matchesEventPattern,
} from '../../../local/eventbridge/pattern-matcher';

// The examples of the EventBridge user guide (event patterns, content filtering, arrays, null
// values), each with an event it matches and one it does not.

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail });

describe('pattern matcher: the documented examples', () => {
  it.each([
    {
      what: 'source, detail-type and a detail field together (AND)',
      pattern: {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['terminated'] },
      },
      matches: ec2Event,
      misses: withDetail({ state: 'running' }),
    },
    {
      what: 'any of several values (OR)',
      pattern: { source: ['aws.ec2', 'aws.fargate'] },
      matches: { ...ec2Event, source: 'aws.fargate' },
      misses: { ...ec2Event, source: 'aws.ecs' },
    },
    {
      what: 'prefix',
      pattern: { time: [{ prefix: '2017-10-02' }] },
      matches: { ...ec2Event, time: '2017-10-02T18:43:48Z' },
      misses: { ...ec2Event, time: '2017-10-03T18:43:48Z' },
    },
    {
      what: 'prefix ignoring case',
      pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      matches: withDetail({ service: 'eventbridge' }),
      misses: withDetail({ service: 'ebridge' }),
    },
    {
      what: 'suffix',
      pattern: { detail: { FileName: [{ suffix: '.png' }] } },
      matches: withDetail({ FileName: 'scan.png' }),
      misses: withDetail({ FileName: 'scan.PNG' }),
    },
    {
      what: 'suffix ignoring case',
      pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      matches: withDetail({ FileName: 'scan.PNG' }),
      misses: withDetail({ FileName: 'scan.jpg' }),
    },
    {
      what: 'equals-ignore-case',
      pattern: { detail: { Name: [{ 'equals-ignore-case': 'alice' }] } },
      matches: withDetail({ Name: 'ALICE' }),
      misses: withDetail({ Name: 'Alicia' }),
    },
    {
      what: 'anything-but a string',
      pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
      matches: withDetail({ state: 'running' }),
      misses: withDetail({ state: 'initializing' }),
    },
    {
      what: 'anything-but a number',
      pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
      matches: withDetail({ 'x-limit': 124 }),
      misses: withDetail({ 'x-limit': 123 }),
    },
    {
      what: 'anything-but a list of strings',
      pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      matches: withDetail({ state: 'running' }),
      misses: withDetail({ state: 'overloaded' }),
    },
    {
      what: 'anything-but a list of numbers',
      pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
      matches: withDetail({ 'x-limit': 150 }),
      misses: withDetail({ 'x-limit': 200 }),
    },
    {
      what: 'anything-but a prefix',
      pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      matches: withDetail({ state: 'running' }),
      misses: withDetail({ state: 'initializing' }),
    },
    {
      what: 'anything-but a suffix',
      pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      matches: withDetail({ FileName: 'scan.jpg' }),
      misses: withDetail({ FileName: 'scan.png' }),
    },
    {
      what: 'anything-but ignoring case',
      pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      matches: withDetail({ state: 'running' }),
      misses: withDetail({ state: 'INITIALIZING' }),
    },
    {
      what: 'numeric ranges, every field true',
      pattern: {
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      },
      matches: withDetail({ 'c-count': 5, 'd-count': 9.5, 'x-limit': 301.8 }),
      misses: withDetail({ 'c-count': 0, 'd-count': 9.5, 'x-limit': 301.8 }),
    },
    {
      what: 'exists: true',
      pattern: { detail: { state: [{ exists: true }] } },
      matches: withDetail({ 'instance-id': 'i-abcd1111', state: 'pending' }),
      misses: withDetail({ 'c-count': { c1: 100 } }),
    },
    {
      what: 'exists: false, where an object is no leaf and so does not count',
      pattern: { detail: { 'c-count': [{ exists: false }] } },
      matches: withDetail({ state: ['initializing', 'running'], 'c-count': { c1: 100 } }),
      misses: withDetail({ 'c-count': 3 }),
    },
    {
      what: 'an empty string, which null is not',
      pattern: { detail: { eventVersion: [''] } },
      matches: withDetail({ eventVersion: '' }),
      misses: withDetail({ eventVersion: null }),
    },
    {
      what: 'null, which an empty string is not',
      pattern: { detail: { responseElements: [null] } },
      matches: withDetail({ responseElements: null }),
      misses: withDetail({ responseElements: '' }),
    },
    {
      what: 'an array in the event: any element will do',
      pattern: {
        resources: [
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
        ],
      },
      matches: {
        ...ec2Event,
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      },
      misses: { ...ec2Event, resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] },
    },
    {
      what: 'anything-but and numeric combined',
      pattern: {
        time: [{ prefix: '2017-10-02' }],
        detail: {
          state: [{ 'anything-but': 'initializing' }],
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ 'anything-but': [100, 200, 300] }],
        },
      },
      matches: {
        ...ec2Event,
        time: '2017-10-02T18:43:48Z',
        detail: { state: 'running', 'c-count': 1, 'd-count': 2, 'x-limit': 150 },
      },
      misses: {
        ...ec2Event,
        time: '2017-10-02T18:43:48Z',
        detail: { state: 'running', 'c-count': 1, 'd-count': 2, 'x-limit': 300 },
      },
    },
  ])('$what', ({ pattern, matches, misses }) => {
    const compiled = compileEventPattern(pattern);

    expect(compiled.matches(matches)).toBe(true);
    expect(compiled.matches(misses)).toBe(false);
  });
});

describe('pattern matcher: beyond the examples', () => {
  it('compares values with their type: the string "5" is not the number 5', () => {
    expect(matchesEventPattern({ n: ['5'] }, { n: 5 })).toBe(false);
    expect(matchesEventPattern({ n: [5] }, { n: 5 })).toBe(true);
    expect(matchesEventPattern({ ok: [true] }, { ok: 'true' })).toBe(false);
  });

  it('matches a field the event lacks with nothing but exists: false', () => {
    const event = { detail: {} };

    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'x' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [null] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, event)).toBe(true);
  });

  it('applies string operators to strings and numeric ranges to numbers only', () => {
    expect(matchesEventPattern({ n: [{ prefix: '1' }] }, { n: 12 })).toBe(false);
    expect(matchesEventPattern({ n: [{ numeric: ['>', 1] }] }, { n: '12' })).toBe(false);
  });

  it('matches a nested pattern against one element of an array of objects, all its fields on that element', () => {
    const event = {
      detail: {
        items: [
          { code: 'A', category: 1 },
          { code: 'B', category: 3 },
        ],
      },
    };

    expect(matchesEventPattern({ detail: { items: { code: ['B'], category: [3] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { items: { code: ['A'], category: [3] } } }, event)).toBe(false);
  });

  it('does not treat a leaf value as the nested object a pattern expects, nor the reverse', () => {
    expect(matchesEventPattern({ detail: { state: ['on'] } }, { detail: 'on' })).toBe(false);
    expect(matchesEventPattern({ detail: ['on'] }, { detail: { state: 'on' } })).toBe(false);
  });

  it('matches nothing that is not an event object', () => {
    const pattern = compileEventPattern({ source: [{ exists: false }] });

    expect(pattern.matches(null)).toBe(false);
    expect(pattern.matches([{}])).toBe(false);
    expect(pattern.matches({})).toBe(true);
  });

  it('does not read what an event inherits rather than holds', () => {
    // JSON.parse makes "__proto__" an own key of the pattern; every event inherits one.
    const pattern = JSON.parse('{ "__proto__": { "x": [{ "exists": false }] } }') as unknown;

    expect(matchesEventPattern(pattern, {})).toBe(false);
    expect(matchesEventPattern(pattern, JSON.parse('{ "__proto__": { "y": 1 } }'))).toBe(true);
  });
});

describe('pattern matcher: what it refuses when the rule is added', () => {
  it.each([
    {
      what: 'IP address matching',
      pattern: { detail: { ip: [{ cidr: '10.0.0.0/24' }] } },
      at: 'detail.ip[0].cidr',
    },
    {
      what: 'wildcards',
      pattern: { detail: { path: [{ wildcard: '*/lib/*' }] } },
      at: 'detail.path[0].wildcard',
    },
    { what: '$or', pattern: { detail: { $or: [{ a: ['x'] }, { b: ['y'] }] } }, at: 'detail.$or' },
    {
      what: 'an operator EventBridge does not have',
      pattern: { a: [{ startsWith: 'x' }] },
      at: 'a[0].startsWith',
    },
    { what: 'two operators in one matcher', pattern: { a: [{ prefix: 'x', suffix: 'y' }] }, at: 'a[0]' },
    { what: 'an empty list', pattern: { a: [] }, at: 'a' },
    { what: 'an empty nested pattern', pattern: { detail: {} }, at: 'detail' },
    { what: 'a bare value where a list belongs', pattern: { source: 'aws.ec2' }, at: 'source' },
    { what: 'a list inside a list', pattern: { a: [['x']] }, at: 'a[0]' },
    {
      what: '"=" with another comparison',
      pattern: { n: [{ numeric: ['=', 1, '<', 2] }] },
      at: 'n[0].numeric',
    },
    { what: 'two lower bounds', pattern: { n: [{ numeric: ['>', 1, '>=', 2] }] }, at: 'n[0].numeric' },
    {
      what: 'a comparison it does not know',
      pattern: { n: [{ numeric: ['!=', 1] }] },
      at: 'n[0].numeric[0]',
    },
    {
      what: 'a bound past the documented range',
      pattern: { n: [{ numeric: ['<', 2e9] }] },
      at: 'n[0].numeric[1]',
    },
    { what: 'exists with a non-boolean', pattern: { a: [{ exists: 'yes' }] }, at: 'a[0].exists' },
    {
      what: 'anything-but of booleans',
      pattern: { a: [{ 'anything-but': [true] }] },
      at: 'a[0].anything-but',
    },
    {
      what: 'anything-but of a list of prefixes',
      pattern: { a: [{ 'anything-but': { prefix: ['x', 'y'] } }] },
      at: 'a[0].anything-but.prefix',
    },
    { what: 'a prefix that is no string', pattern: { a: [{ prefix: 1 }] }, at: 'a[0].prefix' },
    { what: 'a pattern that is not an object', pattern: [{ source: ['x'] }], at: '' },
  ])('$what, naming where ($at)', ({ pattern, at }) => {
    let thrown: unknown;
    try {
      compileEventPattern(pattern);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidEventPatternError);
    expect((thrown as InvalidEventPatternError).path).toBe(at);
  });

  it('says an operator it does not implement is not supported here, rather than matching nothing', () => {
    expect(() => compileEventPattern({ detail: { ip: [{ cidr: '10.0.0.0/24' }] } })).toThrow(
      'Event pattern is not valid at detail.ip[0].cidr: "cidr" is not supported by the local EventBridge stand-in',
    );
  });
});

describe('pattern matcher: properties', () => {
  const scalar = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const stringOrNumber = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }));
  const key = fc
    .string({ minLength: 1, maxLength: 6 })
    .filter((k) => !k.startsWith('$') && k !== '__proto__');

  it('a value and anything-but that value split every present value between them', () => {
    fc.assert(
      fc.property(stringOrNumber, stringOrNumber, (excluded, value) => {
        const exact = matchesEventPattern({ f: [excluded] }, { f: value });
        const anythingBut = matchesEventPattern({ f: [{ 'anything-but': excluded }] }, { f: value });
        expect(exact).not.toBe(anythingBut);
      }),
    );
  });

  it('exists: true and exists: false split every event between them', () => {
    const field = fc.option(fc.jsonValue(), { nil: undefined });
    fc.assert(
      fc.property(field, (value) => {
        const event = value === undefined ? {} : { f: value };
        expect(matchesEventPattern({ f: [{ exists: true }] }, event)).not.toBe(
          matchesEventPattern({ f: [{ exists: false }] }, event),
        );
      }),
    );
  });

  it('an array in the event matches exactly when one of its elements would on its own', () => {
    const matcher = fc.oneof(
      stringOrNumber,
      fc.string({ maxLength: 2 }).map((prefix) => ({ prefix })),
    );
    fc.assert(
      fc.property(
        fc.array(matcher, { minLength: 1, maxLength: 3 }),
        fc.array(stringOrNumber, { minLength: 1 }),
        (matchers, values) => {
          const pattern = compileEventPattern({ f: matchers });
          expect(pattern.matches({ f: values })).toBe(values.some((value) => pattern.matches({ f: value })));
        },
      ),
    );
  });

  it('a numeric range [">=", a, "<", b] matches exactly the numbers from a up to b', () => {
    const bound = fc.integer({ min: -1e9, max: 1e9 });
    fc.assert(
      fc.property(bound, bound, fc.double({ min: -2e9, max: 2e9, noNaN: true }), (a, b, n) => {
        const matched = matchesEventPattern({ f: [{ numeric: ['>=', a, '<', b] }] }, { f: n });
        expect(matched).toBe(a <= n && n < b);
      }),
    );
  });

  it('prefix, suffix and equals-ignore-case find what they are made of', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.') });
    fc.assert(
      fc.property(ascii, ascii, (start, end) => {
        const value = start + end;
        expect(matchesEventPattern({ f: [{ prefix: start }] }, { f: value })).toBe(true);
        expect(matchesEventPattern({ f: [{ suffix: end }] }, { f: value })).toBe(true);
        expect(
          matchesEventPattern({ f: [{ 'equals-ignore-case': value.toUpperCase() }] }, { f: value }),
        ).toBe(true);
      }),
    );
  });

  it('an event matches the pattern made of its own values', () => {
    const leafOrObject = fc.oneof(scalar, fc.dictionary(key, scalar, { minKeys: 1, maxKeys: 3 }));
    fc.assert(
      fc.property(fc.dictionary(key, leafOrObject, { minKeys: 1, maxKeys: 5 }), (event) => {
        expect(matchesEventPattern(patternOf(event), event)).toBe(true);
      }),
    );
  });
});

/** Every leaf value as the one allowed value of its field, nested objects as nested patterns. */
function patternOf(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([field, value]) => [
      field,
      typeof value === 'object' && value !== null ? patternOf(value as Record<string, unknown>) : [value],
    ]),
  );
}
