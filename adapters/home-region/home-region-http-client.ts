import { z } from 'zod';
import { CatalogueSchema, catalogueOn, type Catalogue } from '../../domain/catalogue';
import { HomeRegionRecordSchema, type HomeRegionRecord } from '../../domain/home-region';
import { SourcedVisitsSchema, type SourcedVisit } from '../../domain/visits';
import { connectionFailure } from '../http/connection-failure';
import { HomeRegionUnavailableError, type HomeRegionClient } from './home-region-client';

export interface HomeRegionHttpClientOptions {
  /** The region's API (one gateway for every region crossclaim serves), e.g. http://127.0.0.1:4105. */
  baseUrl: string;
  /**
   * Client authentication: the value of the Authorization header, asked for on every request
   * (a token from a secret, refreshed by whoever gives it). None for the local simulator.
   */
  authorization?: () => Promise<string>;
  /** Per request, body included. Default 5000 ms. */
  timeoutMs?: number;
  /** How long a region's catalogue versions are kept before asking again. Default 10 minutes. */
  catalogueTtlMs?: number;
  fetch?: typeof fetch;
}

const ReportAnswerSchema = z.object({ counted: z.enum(['new', 'already']) });
const DEFAULT_TIMEOUT_MS = 5000;
/** Catalogues change a few times a year and are large: a region's versions are kept in memory. */
const CATALOGUE_TTL_MS = 10 * 60 * 1000;

export function createHomeRegionHttpClient(options: HomeRegionHttpClientOptions): HomeRegionClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const catalogueTtlMs = options.catalogueTtlMs ?? CATALOGUE_TTL_MS;
  const catalogues = new Map<string, { at: number; versions: Catalogue[] }>();

  /** One request within the timeout; the status and the parsed JSON body. */
  const call = async (
    region: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (options.authorization) headers.authorization = await options.authorization();
      const response = await doFetch(`${base}${path}`, {
        method,
        headers,
        signal: controller.signal,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw unavailable(
        region,
        controller.signal.aborted ? `no answer within ${timeoutMs} ms` : connectionFailure(error),
      );
    } finally {
      clearTimeout(timer);
    }
    // 401/403 is a configuration fault, but the claim must still wait rather than guess: retried,
    // then a clerk, like any other unusable answer.
    if (status >= 500 || status === 401 || status === 403 || status === 429)
      throw unavailable(region, `answered HTTP ${status}`);
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch {
      throw unavailable(region, `answered HTTP ${status} with a body that is not JSON`);
    }
  };

  const parse = <T>(region: string, body: unknown, schema: z.ZodType<T>, what: string): T => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw unavailable(
        region,
        `malformed ${what}: ${first ? `${z.core.toDotPath(first.path)}: ${first.message}` : ''}`,
      );
    }
    return parsed.data;
  };

  const regionPath = (region: string) => `/regions/${encodeURIComponent(region)}`;

  return {
    async record(region, idNumberHash, year): Promise<HomeRegionRecord> {
      const reply = await call(
        region,
        'GET',
        `${regionPath(region)}/insured/${encodeURIComponent(idNumberHash)}?year=${year}`,
      );
      if (reply.status !== 200) throw unavailable(region, `answered HTTP ${reply.status} for a record`);
      return parse(region, reply.body, HomeRegionRecordSchema, 'insured record');
    },

    async catalogue(region, date): Promise<Catalogue | null> {
      const cached = catalogues.get(region);
      let versions = cached && Date.now() - cached.at < catalogueTtlMs ? cached.versions : undefined;
      if (!versions) {
        const reply = await call(region, 'GET', `${regionPath(region)}/catalogue`);
        if (reply.status !== 200)
          throw unavailable(region, `answered HTTP ${reply.status} for the catalogue`);
        versions = parse(
          region,
          reply.body,
          z.object({ versions: z.array(CatalogueSchema) }),
          'catalogue',
        ).versions;
        catalogues.set(region, { at: Date.now(), versions });
      }
      return catalogueOn(versions, date) ?? null;
    },

    async visits(region, idNumberHash): Promise<SourcedVisit[]> {
      const reply = await call(
        region,
        'GET',
        `${regionPath(region)}/insured/${encodeURIComponent(idNumberHash)}/visits`,
      );
      if (reply.status !== 200) throw unavailable(region, `answered HTTP ${reply.status} for visits`);
      return parse(region, reply.body, SourcedVisitsSchema, 'visit list').visits;
    },

    async reportSettlement(report) {
      const reply = await call(
        report.homeRegion,
        'POST',
        `${regionPath(report.homeRegion)}/settlements`,
        report,
      );
      if (reply.status !== 200 && reply.status !== 201)
        throw unavailable(report.homeRegion, `answered HTTP ${reply.status} to a settlement report`);
      return parse(report.homeRegion, reply.body, ReportAnswerSchema, 'report answer');
    },
  };
}

function unavailable(region: string, cause: string): HomeRegionUnavailableError {
  return new HomeRegionUnavailableError(`home region ${region} unavailable: ${cause}`);
}
