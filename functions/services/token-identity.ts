import { z } from 'zod';
import { IdNumberHashSchema, TOKEN_CLAIMS } from '../shared/auth';

/**
 * What Cognito's pre token generation trigger (functions/pre-token-generation.ts) puts in a
 * user's tokens: for a citizen the hash of their ID number (`custom:idNumberHash`, from the user
 * attribute no app client may read or write), for staff and hospitals their region or hospital
 * code; a citizen without a valid hash gets no token at all.
 */

const CITIZEN_GROUP = 'citizen';

/** The part of the V2_0 event this trigger reads; everything else is returned as Cognito sent it. */
export const PreTokenGenerationEventSchema = z.looseObject({
  version: z.literal('2'),
  userName: z.string(),
  request: z.looseObject({
    userAttributes: z.record(z.string(), z.string()),
    groupConfiguration: z.looseObject({ groupsToOverride: z.array(z.string()).optional() }),
  }),
  response: z.looseObject({}),
});
export type PreTokenGenerationEvent = z.output<typeof PreTokenGenerationEventSchema>;

export class CitizenWithoutIdNumberHashError extends Error {
  override readonly name = 'CitizenWithoutIdNumberHash';
}

/** The claims to add to and remove from both tokens for this user. */
export function identityClaims(event: PreTokenGenerationEvent): {
  claimsToAddOrOverride?: Record<string, string>;
  claimsToSuppress?: string[];
} {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  if (!groups.includes(CITIZEN_GROUP)) {
    // The pages send the access token, which carries no custom attribute by itself: a clerk's or
    // supervisor's region and a hospital's code are copied into it (the ID token has them already).
    const scope = Object.fromEntries(
      [TOKEN_CLAIMS.region, TOKEN_CLAIMS.hospital].flatMap((name) => {
        const value = event.request.userAttributes[name];
        return value ? [[name, value]] : [];
      }),
    );
    return {
      claimsToSuppress: [TOKEN_CLAIMS.idNumberHash],
      ...(Object.keys(scope).length > 0 && { claimsToAddOrOverride: scope }),
    };
  }
  const hash = IdNumberHashSchema.safeParse(event.request.userAttributes[TOKEN_CLAIMS.idNumberHash]);
  if (!hash.success) {
    throw new CitizenWithoutIdNumberHashError(
      `citizen ${event.userName} has no valid ${TOKEN_CLAIMS.idNumberHash} attribute (it ${
        hash.error.issues[0]?.message ?? 'is not valid'
      }): set it when registering the citizen`,
    );
  }
  return { claimsToAddOrOverride: { [TOKEN_CLAIMS.idNumberHash]: hash.data } };
}
