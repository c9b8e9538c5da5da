import type { User } from 'oidc-client-ts';

/**
 * Who is signed in. The sign-in itself is OpenID Connect (authorization code + PKCE, through
 * react-oidc-context / oidc-client-ts): against the local runtime's own provider at /oidc, or
 * the Cognito user pool's hosted sign-in on AWS (auth-config.ts). oidc-client-ts keeps the user
 * in sessionStorage: it ends with the tab, and another tab signs in on its own. The access token
 * is the API's bearer token; the role and region come from the ID token's claims, which carry
 * Cognito's names on both runtimes. A citizen's ID number and name are asked once in the claim
 * form and kept in this tab only (the tokens carry only the hash of the number).
 */

export type Role = 'citizen' | 'clerk' | 'supervisor' | 'admin' | 'agent';

export interface CitizenDetails {
  idNumber: string;
  name: string;
}

export interface Session {
  token: string;
  role: Role;
  sub: string;
  region?: string;
  expiresAt: string;
  citizen?: CitizenDetails;
}

const ROLES: readonly Role[] = ['citizen', 'clerk', 'supervisor', 'admin', 'agent'];
const CITIZEN_KEY = 'crossclaim.citizen';

/** The groups claim: an array from a token, as Cognito and the local provider send it. */
function roleOf(groups: unknown): Role | undefined {
  const list = Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [];
  const roles = list.filter((g): g is Role => ROLES.includes(g as Role));
  return roles.length === 1 ? roles[0] : undefined;
}

/** The session of a signed-in user, or undefined when the tokens name no single role we serve. */
export function sessionFromUser(user: User | null | undefined): Session | undefined {
  if (!user || user.expired) return undefined;
  const role = roleOf(user.profile['cognito:groups']);
  if (!role) return undefined;
  const region = user.profile['custom:region'];
  const citizen = role === 'citizen' ? loadCitizen(user.profile.sub) : undefined;
  return {
    token: user.access_token,
    role,
    sub: user.profile.sub,
    expiresAt: new Date((user.expires_at ?? 0) * 1000).toISOString(),
    ...(typeof region === 'string' && { region }),
    ...(citizen && { citizen }),
  };
}

function loadCitizen(sub: string): CitizenDetails | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(CITIZEN_KEY) ?? 'null') as
      (CitizenDetails & { sub: string }) | null;
    return stored && stored.sub === sub ? { idNumber: stored.idNumber, name: stored.name } : undefined;
  } catch {
    return undefined;
  }
}

export function saveCitizen(sub: string, citizen: CitizenDetails): void {
  sessionStorage.setItem(CITIZEN_KEY, JSON.stringify({ sub, ...citizen }));
}

export function clearCitizen(): void {
  sessionStorage.removeItem(CITIZEN_KEY);
}

let tokenSource: () => string | undefined = () => undefined;

/** Where api.ts gets the bearer token: set by the app from the signed-in user. */
export function setTokenSource(source: () => string | undefined): void {
  tokenSource = source;
}

export const currentToken = (): string | undefined => tokenSource();
