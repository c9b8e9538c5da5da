import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { issuesFromZod } from '../../domain/validation';
import { allowedHosts, checkAdmin, checkHost, newAdminToken } from '../http-guard';
import { listenOnLoopback } from '../loopback-listen';
import type { HomeRegionSimulator } from './home-region-simulator';

/**
 * The simulated home region's API over HTTP, on 127.0.0.1 only (docs/home-region.md):
 *
 *   GET  /regions/{region}/insured/{idNumberHash}?year=YYYY  200 record (enrolment null: unknown)
 *   GET  /regions/{region}/insured/{idNumberHash}/visits      200 { visits } (cross-province visits, bills' totals)
 *   GET  /regions/{region}/catalogue                         200 { versions: [catalogue…] }
 *   POST /regions/{region}/settlements   report             201 { counted: 'new' } | 200 { counted: 'already' }
 *   POST /admin/insured    { idNumber, scheme, status, homeRegion, filings, yearToDate }   set a person's facts
 *   POST /admin/catalogue  { region, code, category | null, selfPayFirstPct? }            change one entry
 *   POST /admin/faults     { down: boolean }                                              the API fails (503) or not
 *   POST /admin/settlements { idNumberHash }                                              what crossclaim reported
 *
 * With a token, the regions' API wants `Authorization: Bearer <token>` (the client
 * authentication crossclaim does on AWS). Like the simulated hospitals and bank, it answers only
 * requests whose Host names it (421 otherwise: DNS rebinding), and the admin endpoints only JSON
 * requests with the world's admin token as a bearer token (415, 401: local/http-guard.ts).
 */
export interface HomeRegionServer {
  url: string;
  /** The bearer token of the admin endpoints. */
  adminToken: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

const MAX_BODY_BYTES = 64 * 1024;
const SettlementsOfSchema = z.strictObject({ idNumberHash: z.string().min(1) });
const FaultsSchema = z.strictObject({ down: z.boolean() });

export async function startHomeRegionServer(
  simulator: HomeRegionSimulator,
  options: {
    port?: number;
    token?: string;
    /** The bearer token the admin endpoints require; a random one when omitted. */
    adminToken?: string;
    /** More Host names (with port) to answer besides 127.0.0.1, localhost and [::1]. */
    hosts?: readonly string[];
    /** Awaited before a write is acknowledged: a settlement answered 201 is on disk. */
    persist?: () => Promise<void>;
  } = {},
): Promise<HomeRegionServer> {
  const adminToken = options.adminToken ?? newAdminToken();
  let hosts = new Set<string>();
  const server = createServer((request, response) => {
    const refused = checkHost(request.headers, hosts);
    if (refused) {
      send(response, refused);
      return;
    }
    handle(simulator, request, { ...(options.token !== undefined && { token: options.token }), adminToken })
      .then(async (answer) => {
        if (request.method === 'POST' && answer.status < 300) await options.persist?.();
        return answer;
      })
      .then((answer) => send(response, answer))
      .catch((error: unknown) =>
        send(
          response,
          error instanceof z.ZodError
            ? { status: 400, body: { error: 'bad_request', issues: issuesFromZod(error) } }
            : error instanceof BadBody
              ? { status: 400, body: { error: 'bad_request', message: error.message } }
              : { status: 500, body: { error: 'internal_error' } },
        ),
      );
  });
  const listening = await listenOnLoopback(server, options.port === undefined ? {} : { port: options.port });
  hosts = allowedHosts(listening.port, options.hosts);
  return { url: listening.url, adminToken, close: listening.close };
}

class BadBody extends Error {}

async function handle(
  simulator: HomeRegionSimulator,
  request: IncomingMessage,
  { token, adminToken }: { token?: string; adminToken: string },
): Promise<Answer> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] === 'admin' && request.method === 'POST') {
    // Checked before the body is read: a refused request changes nothing.
    const refused = checkAdmin(request.headers, adminToken);
    if (refused) return refused;
    const body = await readJson(request);
    switch (segments[1]) {
      case 'insured':
        return { status: 200, body: simulator.setInsured(body as never) };
      case 'catalogue':
        simulator.setCatalogueEntry(body);
        return { status: 200, body: { ok: true } };
      case 'faults':
        simulator.down = FaultsSchema.parse(body).down;
        return { status: 200, body: { down: simulator.down } };
      case 'settlements':
        return {
          status: 200,
          body: { settlements: simulator.settlementsOf(SettlementsOfSchema.parse(body).idNumberHash) },
        };
      default:
        return { status: 404, body: { error: 'not_found' } };
    }
  }
  if (segments[0] !== 'regions' || segments[1] === undefined)
    return { status: 404, body: { error: 'not_found' } };
  if (token !== undefined && request.headers.authorization !== `Bearer ${token}`)
    return { status: 401, body: { error: 'unauthorized' } };
  if (simulator.down) return { status: 503, body: { error: 'home_region_unavailable' } };
  const region = segments[1];
  const [resource, id, sub, more] = segments.slice(2);
  if (request.method === 'GET' && resource === 'insured' && id !== undefined && sub === 'visits' && !more)
    return { status: 200, body: { visits: simulator.visitsOf(id) } };
  if (request.method === 'GET' && resource === 'insured' && id !== undefined && sub === undefined) {
    const year = Number(url.searchParams.get('year'));
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      return { status: 400, body: { error: 'bad_request', message: 'year must be YYYY' } };
    return { status: 200, body: simulator.record(id, year) };
  }
  if (request.method === 'GET' && resource === 'catalogue' && id === undefined)
    return { status: 200, body: { versions: simulator.catalogues(region) } };
  if (request.method === 'POST' && resource === 'settlements' && id === undefined) {
    const answer = simulator.report(await readJson(request));
    return { status: answer.counted === 'new' ? 201 : 200, body: answer };
  }
  return { status: 404, body: { error: 'not_found' } };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadBody(`body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadBody('body is not JSON');
  }
}

function send(response: ServerResponse, answer: Answer): void {
  if (response.headersSent) return;
  response.writeHead(answer.status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(answer.body));
}
