import { describe, expect, it } from 'vitest';
import { API_ROUTE_LIST, API_ROUTES } from '../../functions/api-routes';
import { CASE_RECORD_ROUTES } from '../../functions/routes/case-record';
import { CITIZEN_SERVICE_ROUTES } from '../../functions/routes/citizen-services';
import { CLAIM_ROUTES } from '../../functions/routes/claims';
import { CLERK_ROUTES } from '../../functions/routes/clerk';
import { HOSPITAL_ROUTES } from '../../functions/routes/hospital';
import { RATING_ROUTES } from '../../functions/routes/ratings';

const AREAS = {
  CASE_RECORD_ROUTES,
  CITIZEN_SERVICE_ROUTES,
  CLAIM_ROUTES,
  CLERK_ROUTES,
  HOSPITAL_ROUTES,
  RATING_ROUTES,
};

describe('the route table (functions/api-routes.ts) over the area files of functions/routes/', () => {
  it('names each route under its own function, and takes every area route once', () => {
    for (const [name, route] of Object.entries(API_ROUTES)) expect(route.functionName).toBe(name);
    const written = Object.entries(AREAS).flatMap(([area, routes]) =>
      Object.entries(routes).map(([name, route]) => ({ area, name, route })),
    );
    for (const { area, name, route } of written) {
      expect(route.functionName, `${area}.${name}`).toBe(name);
      expect(API_ROUTES[name as keyof typeof API_ROUTES], `${area}.${name}`).toBe(route);
    }
    expect(written).toHaveLength(API_ROUTE_LIST.length);
    expect(new Set(API_ROUTE_LIST).size).toBe(API_ROUTE_LIST.length);
  });
});
