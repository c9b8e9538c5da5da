import { useEffect, useState } from 'react';

/**
 * Hash routing (`#/claims/C…`): the server serves one index.html for every page, on AWS from
 * S3 too, and no router package is needed for seven pages.
 */

export type Route =
  | { page: 'sign-in' }
  | { page: 'claims' }
  | { page: 'new-claim' }
  | { page: 'visits' }
  | { page: 'delegations' }
  | { page: 'agent' }
  | { page: 'file-for-family' }
  | { page: 'claim'; claimId: string }
  | { page: 'queue' }
  | { page: 'case'; claimId: string }
  | { page: 'dashboard' }
  | { page: 'follow-ups' }
  | { page: 'home' }
  | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (first === 'sign-in' && parts.length === 1) return { page: 'sign-in' };
  if (first === 'claims' && parts.length === 1) return { page: 'claims' };
  if (first === 'visits' && parts.length === 1) return { page: 'visits' };
  if (first === 'delegations' && parts.length === 1) return { page: 'delegations' };
  if (first === 'agent' && parts.length === 1) return { page: 'agent' };
  if (first === 'file-for-family' && parts.length === 1) return { page: 'file-for-family' };
  if (first === 'claims' && second === 'new' && parts.length === 2) return { page: 'new-claim' };
  if (first === 'claims' && second && parts.length === 2) return { page: 'claim', claimId: second };
  if (first === 'clerk' && parts.length === 1) return { page: 'queue' };
  if (first === 'clerk' && second === 'cases' && third && parts.length === 3)
    return { page: 'case', claimId: third };
  if (first === 'dashboard' && parts.length === 1) return { page: 'dashboard' };
  if (first === 'follow-ups' && parts.length === 1) return { page: 'follow-ups' };
  return { page: 'not-found' };
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
