/**
 * Who is signed in, kept in sessionStorage: it ends with the tab, and another tab signs in on
 * its own (a clerk can be a second clerk in a second tab). The token is the API's bearer token;
 * a citizen's ID number and name stay here only to fill in their own claim form.
 */

export type Role = 'citizen' | 'clerk' | 'supervisor' | 'admin';

export interface Session {
  token: string;
  role: Role;
  sub: string;
  region?: string;
  expiresAt: string;
  citizen?: { idNumber: string; name: string };
}

const KEY = 'crossclaim.session';

export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    const session = JSON.parse(text) as Session;
    if (Date.parse(session.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    return session;
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
