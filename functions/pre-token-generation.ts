import { stepHandler } from './shared/step-handler';
import {
  identityClaims,
  PreTokenGenerationEventSchema,
  type PreTokenGenerationEvent,
} from './services/token-identity';

/**
 * Cognito's pre token generation trigger (event version V2_0): puts a citizen's identity in their
 * tokens. Cognito's `sub` is its own UUID, while crossclaim knows a citizen by the hash of their
 * ID number (functions/shared/auth.ts). Registration stores that hash in the user attribute
 * `custom:idNumberHash`, which no app client may read or write; this trigger copies it into the ID
 * and access tokens as the `custom:idNumberHash` claim, for members of the citizen group only.
 * A citizen without a valid hash gets no token at all (sign-in fails with this error), rather
 * than a token the API would refuse on every call. Anyone else's tokens never carry the claim
 * (functions/services/token-identity.ts).
 */
export const preTokenGeneration = async (
  event: PreTokenGenerationEvent,
): Promise<PreTokenGenerationEvent> => {
  const claims = identityClaims(event);
  return {
    ...event,
    response: {
      ...event.response,
      claimsAndScopeOverrideDetails: { idTokenGeneration: claims, accessTokenGeneration: claims },
    },
  };
};

export const handler = stepHandler(PreTokenGenerationEventSchema, preTokenGeneration);
