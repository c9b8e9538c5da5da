import { z } from 'zod';
import {
  FileFromVisitRequestSchema,
  SubmitClaimRequestSchema,
  type FileFromVisitRequest,
  type SubmitClaimRequest,
} from '../../domain/claim';
import { OnBehalfOfSchema, type OnBehalfOf } from '../../domain/delegation';
import { InvalidInputError, issuesFromZod, parseOrThrow, type InputIssue } from '../../domain/validation';

/**
 * The three bodies POST /claims takes, told apart by what they name: `visitRef` (from a visit
 * of GET /my/visits), `onBehalfOf` (the full form, filed by a delegate or an agent), or neither
 * (the full form, filed by the insured). Every bad field of the body is named (400).
 */
export type ClaimRequest =
  | { kind: 'visit'; request: FileFromVisitRequest }
  | { kind: 'form'; request: SubmitClaimRequest }
  | { kind: 'onBehalf'; request: SubmitClaimRequest; onBehalfOf: OnBehalfOf };

/** The body of POST /claims (its JSON document) as the request it is; throws InvalidInputError. */
export function parseClaimRequest(json: unknown): ClaimRequest {
  const raw = parseOrThrow(z.looseObject({}), json, 'request body');
  if (raw.visitRef !== undefined)
    return { kind: 'visit', request: parseOrThrow(FileFromVisitRequestSchema, json, 'request body') };
  if (raw.onBehalfOf === undefined)
    return { kind: 'form', request: parseOrThrow(SubmitClaimRequestSchema, json, 'request body') };
  const { onBehalfOf, ...form } = raw;
  const request = SubmitClaimRequestSchema.safeParse(form);
  const authority = OnBehalfOfSchema.safeParse(onBehalfOf);
  const issues: InputIssue[] = [
    ...(request.success ? [] : issuesFromZod(request.error)),
    ...(authority.success
      ? []
      : issuesFromZod(authority.error).map((i) => ({
          ...i,
          path: i.path ? `onBehalfOf.${i.path}` : 'onBehalfOf',
        }))),
  ];
  if (!request.success || !authority.success) throw new InvalidInputError('request body', issues);
  return { kind: 'onBehalf', request: request.data, onBehalfOf: authority.data };
}
