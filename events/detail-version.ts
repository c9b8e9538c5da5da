import { z } from 'zod';

/**
 * Every event detail carries `version`, "major.minor". A minor bump only adds optional fields,
 * so a consumer reads every minor of a major it knows; a major bump may change or remove
 * fields, so a consumer refuses a major it does not know instead of misreading it.
 */
const MAJOR_MINOR = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The major part of a well-formed version ('1.3' → 1). */
export function majorOf(version: string): number {
  return Number(version.slice(0, version.indexOf('.')));
}

/** `version` as a consumer reads it: well formed, and of a major it knows (issues say which). */
export function detailVersionSchema(knownMajors: readonly number[]) {
  const readable = knownMajors.map((major) => `${major}.x`).join(', ');
  return z
    .string({ error: 'is required: "major.minor", such as "1.0"' })
    .regex(MAJOR_MINOR, { error: 'must be "major.minor", such as "1.0"' })
    .superRefine((version, ctx) => {
      if (!MAJOR_MINOR.test(version)) return; // the regex has said what is wrong
      if (!knownMajors.includes(majorOf(version))) {
        ctx.addIssue({
          code: 'custom',
          input: version,
          message: `is "${version}": major version ${majorOf(version)} is unknown to this consumer, which reads ${readable}`,
        });
      }
    });
}
