import { API_ROUTE_LIST, type ApiRoute } from '../functions/api-routes';

/**
 * The CloudFront path patterns that go to the HTTP API rather than to the pages' bucket, derived
 * from the route table (functions/api-routes.ts) so a new route cannot be forgotten: `/claims`
 * for a one-segment route, `/claims/*` for the routes below it. The pages use hash routes
 * (`/#/claims/…`), so none of these paths is ever a page; the bucket serves `/`, `/index.html`
 * and `/assets/*` only.
 */
export function apiPathPatterns(routes: readonly Pick<ApiRoute, 'path'>[] = API_ROUTE_LIST): string[] {
  const patterns = new Set<string>();
  for (const { path } of routes) {
    const [first, ...rest] = path.split('/').filter(Boolean);
    if (!first || first.startsWith('{')) throw new Error(`route ${path}: no fixed first segment to route by`);
    patterns.add(rest.length === 0 ? `/${first}` : `/${first}/*`);
  }
  return [...patterns].sort();
}
