import type { z } from 'zod';
import type { ApiFunctionName } from '../catalog';
import type { Role } from '../shared/auth';

/** What the route table (functions/api-routes.ts) says of each HTTP route. */

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** The non-success answers a route can give, each with the shared error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export interface ApiRoute {
  method: HttpMethod;
  /** API Gateway style: `/claims/{claimId}`. */
  path: `/${string}`;
  functionName: ApiFunctionName;
  roles: readonly Role[];
  summary: string;
  description: string;
  request: { params?: z.ZodObject; query?: z.ZodObject; headers?: z.ZodObject; body?: z.ZodType };
  success: { status: 200 | 201 | 202; description: string; body: z.ZodType };
  /**
   * The route shows one case, or part of it: a staff member's read is recorded with this as the
   * why, and the citizen sees it (GET /claims/{claimId}/access-log; functions/shared/case-reads.ts).
   */
  caseRead?: { zh: string; en: string };
  /** The largest body the route takes (the local API server refuses more with 413); 1 MiB if absent. */
  maxBodyBytes?: number;
  errors: readonly ErrorStatus[];
}

/** Some of the routes, by the function behind each (one area's file in functions/routes/). */
export type ApiRoutes = { readonly [F in ApiFunctionName]?: ApiRoute };
