/**
 * Finds the route for a request the way the HTTP API does: the method and every path segment
 * must match, `{name}` matches one whole segment (and becomes a path parameter, decoded), and
 * nothing else matches: no prefixes, no trailing slashes.
 */

export interface RoutePattern {
  method: string;
  /** API Gateway style: `/claims/{claimId}/decision`. */
  path: string;
}

export interface RouteMatch<R extends RoutePattern> {
  route: R;
  pathParameters: Record<string, string>;
}

type Segment = { literal: string } | { parameter: string };

function segmentsOf(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part) => {
      const parameter = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
      return parameter === undefined ? { literal: part } : { parameter };
    });
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed percent-encoding matches nothing
  }
}

export function createRouteMatcher<R extends RoutePattern>(routes: readonly R[]) {
  const compiled = routes.map((route) => ({ route, segments: segmentsOf(route.path) }));
  return (method: string, rawPath: string): RouteMatch<R> | undefined => {
    const parts = rawPath.split('/').slice(1);
    for (const { route, segments } of compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const pathParameters: Record<string, string> = {};
      const matches = segments.every((segment, i) => {
        const value = decoded(parts[i] ?? '');
        if (value === undefined) return false;
        if ('literal' in segment) return value === segment.literal;
        pathParameters[segment.parameter] = value;
        return value !== '';
      });
      if (matches) return { route, pathParameters };
    }
    return undefined;
  };
}
