import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import {
  API_ROUTE_LIST,
  ErrorResponseSchema,
  type ApiRoute,
  type ErrorStatus,
} from '../../functions/api-routes';

/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the route table
 * (functions/api-routes.ts) and its zod schemas: what the handlers parse is what it documents.
 */

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'The request is not valid; `in` says which part and `issues` names each bad field in it.',
  401: 'No bearer token, or one that is expired, not ours, or not for this API.',
  403: 'The caller’s role or scope does not allow this (for example, filing for another person).',
  404: 'No such claim, or one the caller may not see (the two are not told apart).',
  409: 'The case is not in a state that allows this.',
  413: 'The body is larger than the API accepts.',
  415: 'The body is not of a type the route takes (judged from its bytes).',
  422: 'The Idempotency-Key was used before for another request; nothing was filed.',
  429: 'The citizen’s daily quota for this is used up (policies/limits/abuse-limits.json); nothing was stored.',
  503: 'The workflow could not be reached; nothing was changed. Try again.',
};

const BEARER = 'bearerAuth';

function responsesOf(route: ApiRoute): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {
    [`${route.success.status}`]: {
      description: route.success.description,
      content: { 'application/json': { schema: route.success.body } },
    },
  };
  for (const status of route.errors) {
    responses[`${status}`] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: ErrorResponseSchema } },
    };
  }
  return responses;
}

function operationOf(route: ApiRoute): ZodOpenApiOperationObject {
  const { params, query, headers, body } = route.request;
  return {
    operationId: route.functionName.charAt(0).toLowerCase() + route.functionName.slice(1),
    summary: route.summary,
    description: `${route.description}\n\nRoles: ${route.roles.join(', ')}.`,
    tags: [route.roles.join(', ')],
    security: [{ [BEARER]: [] }],
    'x-crossclaim-roles': [...route.roles],
    ...((params ?? query ?? headers) && {
      requestParams: {
        ...(params && { path: params }),
        ...(query && { query }),
        ...(headers && { header: headers }),
      },
    }),
    ...(body && { requestBody: { required: true, content: { 'application/json': { schema: body } } } }),
    responses: responsesOf(route),
  };
}

export type OpenApiDocument = ReturnType<typeof createDocument>;

export function openApiDocument(routes: readonly ApiRoute[] = API_ROUTE_LIST): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'delete';
    paths[route.path] = { ...paths[route.path], [method]: operationOf(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'crossclaim API',
      version: '1.0.0',
      description:
        'Cross-province medical reimbursement: citizens file and follow claims, clerks work their ' +
        'region’s review queue, hospitals push signed e-bills. Every route needs a bearer JWT: on AWS ' +
        'issued by Cognito, locally by `crossclaim token`. The role is the `cognito:groups` claim; a ' +
        'clerk’s region is `custom:region`, a hospital’s code `custom:hospital`; a citizen’s `sub` is ' +
        'the sha256 hash of their ID number.',
    },
    security: [{ [BEARER]: [] }],
    components: {
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT whose issuer and audience the API trusts (locally: `crossclaim token`).',
        },
      },
    },
    paths,
  });
}
