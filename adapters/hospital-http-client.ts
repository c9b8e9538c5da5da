import { z } from 'zod';
import { SignedEBillSchema, type SignedEBill } from '../domain/ebill';
import { SourcedVisitsSchema, type SourcedVisit } from '../domain/visits';
import {
  DischargeSummarySchema,
  HospitalUnavailableError,
  type DischargeSummary,
  type EBillFetchResult,
  type HospitalClient,
} from './hospital-client';
import { connectionFailure } from './http/connection-failure';

/**
 * HospitalClient over HTTP (the hospitals' fetch API, or the local simulator's).
 *
 * Every answer is parsed with zod before anyone sees it; signatures are not checked here,
 * that is VerifyDocuments' job. Anything that is not a usable answer (a timeout, a refused
 * connection, a 5xx, a body that is not what the API promises) is a HospitalUnavailableError
 * for the state machine to retry. Its message names the hospital and the cause, never the
 * URL: the query string carries the person's ID hash.
 */

export interface HospitalHttpClientOptions {
  /** One base URL for every hospital (a gateway, the simulator), or one per hospital code. */
  baseUrl: string | Readonly<Record<string, string>>;
  /** Per request, body included. Default 5000 ms. */
  timeoutMs?: number;
  /** For tests that need to see or shape requests; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A hospital code with no base URL configured: a deployment mistake, not a transient fault. */
export class HospitalNotConfiguredError extends Error {
  override readonly name = 'HospitalNotConfigured';
}

const FetchEBillsResponseSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('issued'), bills: z.array(SignedEBillSchema).min(1) }),
  z.strictObject({ status: z.literal('not_issued') }),
]);

const ErrorBodySchema = z.object({ error: z.string() });

const DEFAULT_TIMEOUT_MS = 5000;

export function createHospitalHttpClient(options: HospitalHttpClientOptions): HospitalClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  const baseUrlOf = (hospitalCode: string): string => {
    const base = typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl[hospitalCode];
    if (base === undefined)
      throw new HospitalNotConfiguredError(`no base URL configured for hospital ${hospitalCode}`);
    return base.replace(/\/+$/, '');
  };

  /** GET and read the whole body within the timeout; a reply with its status and parsed JSON. */
  const getJson = async (hospitalCode: string, path: string): Promise<{ status: number; body: unknown }> => {
    const url = `${baseUrlOf(hospitalCode)}/hospitals/${encodeURIComponent(hospitalCode)}${path}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await doFetch(url, {
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw unavailable(
        hospitalCode,
        controller.signal.aborted ? `no answer within ${timeoutMs} ms` : connectionFailure(error),
      );
    } finally {
      clearTimeout(timer);
    }

    if (status >= 500) throw unavailable(hospitalCode, `answered HTTP ${status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw unavailable(hospitalCode, `answered HTTP ${status} with a body that is not JSON`);
    }
    if (status === 404 && ErrorBodySchema.safeParse(body).data?.error === 'unknown_hospital') {
      throw unavailable(hospitalCode, 'the endpoint does not know this hospital (HTTP 404)');
    }
    if (status !== 200 && status !== 404) throw unavailable(hospitalCode, `answered HTTP ${status}`);
    return { status, body };
  };

  return {
    async fetchEBills(hospitalCode, query): Promise<EBillFetchResult> {
      const search = new URLSearchParams({ visitNo: query.visitNo, idNumberHash: query.idNumberHash });
      const reply = await getJson(hospitalCode, `/ebills?${search.toString()}`);
      // "Nothing for this visit yet" is { status: 'not_issued' }; a 404 here means a wrong endpoint.
      if (reply.status === 404) throw unavailable(hospitalCode, 'answered HTTP 404 for an e-bill list');
      return parseBody(hospitalCode, reply.body, FetchEBillsResponseSchema, 'e-bill list');
    },

    async fetchEBill(hospitalCode, billBatchCode, billNo): Promise<SignedEBill | null> {
      const reply = await getJson(
        hospitalCode,
        `/ebills/${encodeURIComponent(billBatchCode)}/${encodeURIComponent(billNo)}`,
      );
      if (reply.status === 404) return null;
      return parseBody(hospitalCode, reply.body, SignedEBillSchema, 'e-bill');
    },

    async fetchDischargeSummary(hospitalCode, visitNo): Promise<DischargeSummary | null> {
      const reply = await getJson(hospitalCode, `/visits/${encodeURIComponent(visitNo)}/discharge-summary`);
      if (reply.status === 404) return null;
      return parseBody(hospitalCode, reply.body, DischargeSummarySchema, 'discharge summary');
    },

    async visitsOf(hospitalCode, idNumberHash): Promise<SourcedVisit[]> {
      const search = new URLSearchParams({ idNumberHash });
      const reply = await getJson(hospitalCode, `/visits?${search.toString()}`);
      if (reply.status === 404) throw unavailable(hospitalCode, 'answered HTTP 404 for a visit list');
      return parseBody(hospitalCode, reply.body, SourcedVisitsSchema, 'visit list').visits;
    },
  };
}

function unavailable(hospitalCode: string, cause: string): HospitalUnavailableError {
  return new HospitalUnavailableError(`hospital ${hospitalCode} unavailable: ${cause}`);
}

function parseBody<T>(hospitalCode: string, body: unknown, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unavailable(hospitalCode, `malformed ${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The first few schema issues as "path: message", values left out (they may be personal). */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => `${z.core.toDotPath(i.path) || '(root)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}
