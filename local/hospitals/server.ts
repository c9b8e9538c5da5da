import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { SignedEBill } from '../../domain/ebill';
import { allowedHosts, checkAdmin, checkHost, newAdminToken } from '../http-guard';
import { listenOnLoopback } from '../loopback-listen';
import { malformedBody, mapBills, withBadSignature } from './fault-effects';
import { SetFaultsRequestSchema, type FaultPlan } from './faults';
import type { HospitalSimulator } from './simulator';

/**
 * The simulated hospitals' fetch API over HTTP, on 127.0.0.1 only:
 *
 *   GET  /hospitals/{code}/ebills?visitNo=…&idNumberHash=…   200 { status: 'issued', bills } | { status: 'not_issued' }
 *   GET  /hospitals/{code}/ebills/{billBatchCode}/{billNo}   200 bill | 404 { error: 'bill_not_found' }
 *   GET  /hospitals/{code}/visits?idNumberHash=…             200 { visits } (the person's visits there, bills' totals)
 *   GET  /hospitals/{code}/visits/{visitNo}/discharge-summary 200 summary | 404 { error: 'summary_not_found' }
 *   unknown hospital                                          404 { error: 'unknown_hospital' }
 *   POST /admin/faults        { hospitalCode, faults }         switch a hospital's faults ({} clears)
 *   POST /admin/issue-pending                                  issue every held-back bill
 *
 * It answers only requests whose Host names it (local/http-guard.ts: DNS rebinding), and the
 * admin endpoints only JSON requests with the world's admin token as a bearer token.
 */

export interface HospitalServer {
  /** Base URL, e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  /** The bearer token of the admin endpoints. */
  adminToken: string;
  close(): Promise<void>;
}

export interface HospitalServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * More `POST /admin/<action>` endpoints, given by the local world (adding visits, voiding
   * bills): each receives the parsed JSON body and answers with a status and a body.
   */
  adminActions?: Readonly<Record<string, AdminAction>>;
  /**
   * Runs after an admin request changed things and before it is answered: the local world
   * writes its state, so a caller told "issued" is not contradicted by a kill a moment later.
   */
  afterAdmin?: () => Promise<void>;
  /** The bearer token the admin endpoints require; a random one when omitted. */
  adminToken?: string;
  /** More Host names (with port) to answer besides 127.0.0.1, localhost and [::1]. */
  hosts?: readonly string[];
}

export type AdminAction = (body: unknown) => Promise<{ status: number; body: unknown }>;

interface Answer {
  status: number;
  body: unknown;
}

const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export async function startHospitalServer(
  simulator: HospitalSimulator,
  options: HospitalServerOptions = {},
): Promise<HospitalServer> {
  const delays = new Set<NodeJS.Timeout>();
  const adminToken = options.adminToken ?? newAdminToken();
  let hosts = new Set<string>();
  const server = createServer((request, response) => {
    const refused = checkHost(request.headers, hosts);
    if (refused) {
      sendJson(response, refused);
      return;
    }
    handle(simulator, request, response, delays, options, adminToken).catch(() => {
      if (!response.headersSent) sendJson(response, { status: 500, body: { error: 'internal_error' } });
    });
  });

  const listening = await listenOnLoopback(server, options.port === undefined ? {} : { port: options.port });
  hosts = allowedHosts(listening.port, options.hosts);
  return {
    url: listening.url,
    adminToken,
    close: () => {
      delays.forEach((timer) => clearTimeout(timer));
      delays.clear();
      return listening.close();
    },
  };
}

async function handle(
  simulator: HospitalSimulator,
  request: IncomingMessage,
  response: ServerResponse,
  delays: Set<NodeJS.Timeout>,
  options: HospitalServerOptions,
  adminToken: string,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

  if (segments[0] === 'admin') {
    const refused = checkAdmin(request.headers, adminToken);
    if (refused) {
      sendJson(response, refused);
      return;
    }
    const answer = await handleAdmin(simulator, request, segments, options.adminActions ?? {});
    await options.afterAdmin?.();
    sendJson(response, answer);
    return;
  }
  if (segments[0] !== 'hospitals' || segments[1] === undefined) {
    sendJson(response, { status: 404, body: { error: 'not_found' } });
    return;
  }
  const hospitalCode = segments[1];
  if (!simulator.hasHospital(hospitalCode)) {
    sendJson(response, { status: 404, body: { error: 'unknown_hospital' } });
    return;
  }
  if (request.method !== 'GET') {
    sendJson(response, { status: 405, body: { error: 'method_not_allowed' } });
    return;
  }

  const plan = simulator.nextFaultPlan(hospitalCode);
  if (plan.kind === 'hang') return; // closeAllConnections() on close() ends it
  if (plan.kind === 'fail') {
    sendJson(response, { status: plan.status, body: { error: 'hospital_system_error' } });
    return;
  }
  if (plan.delayMs > 0) await sleep(plan.delayMs, delays);
  if (response.destroyed) return; // the client gave up while we were slow

  const answer = answerHospitalQuery(simulator, hospitalCode, segments.slice(2), url.searchParams);
  sendWithFaults(response, answer, plan);
}

function answerHospitalQuery(
  simulator: HospitalSimulator,
  hospitalCode: string,
  path: string[],
  query: URLSearchParams,
): Answer {
  const [resource, first, second, third] = path;
  if (resource === 'ebills' && first === undefined) {
    const visitNo = query.get('visitNo');
    const idNumberHash = query.get('idNumberHash');
    if (!visitNo || !idNumberHash) {
      return {
        status: 400,
        body: { error: 'bad_request', message: 'visitNo and idNumberHash are required' },
      };
    }
    return { status: 200, body: simulator.findBills(hospitalCode, { visitNo, idNumberHash }) };
  }
  if (resource === 'ebills' && first !== undefined && second !== undefined && third === undefined) {
    const bill = simulator.getBill(hospitalCode, first, second);
    return bill ? { status: 200, body: bill } : { status: 404, body: { error: 'bill_not_found' } };
  }
  if (resource === 'visits' && first === undefined) {
    const idNumberHash = query.get('idNumberHash');
    if (!idNumberHash)
      return { status: 400, body: { error: 'bad_request', message: 'idNumberHash is required' } };
    return { status: 200, body: { visits: simulator.visitsOf(hospitalCode, idNumberHash) } };
  }
  if (resource === 'visits' && first !== undefined && second === 'discharge-summary' && third === undefined) {
    const summary = simulator.getDischargeSummary(hospitalCode, first);
    return summary ? { status: 200, body: summary } : { status: 404, body: { error: 'summary_not_found' } };
  }
  return { status: 404, body: { error: 'not_found' } };
}

function sendWithFaults(
  response: ServerResponse,
  answer: Answer,
  plan: Extract<FaultPlan, { kind: 'answer' }>,
): void {
  if (answer.status !== 200) {
    sendJson(response, answer);
    return;
  }
  const body = plan.badSignature
    ? mapBills(answer.body, (bill) => withBadSignature(bill as SignedEBill))
    : answer.body;
  if (plan.malformed) {
    send(response, 200, malformedBody(body, plan.malformed));
    return;
  }
  sendJson(response, { status: 200, body });
}

async function handleAdmin(
  simulator: HospitalSimulator,
  request: IncomingMessage,
  segments: string[],
  adminActions: Readonly<Record<string, AdminAction>>,
): Promise<Answer> {
  if (request.method !== 'POST') return { status: 405, body: { error: 'method_not_allowed' } };
  const action = segments.slice(1).join('/');
  if (action === 'issue-pending') return { status: 200, body: { issued: simulator.issuePending().length } };
  const extra = Object.hasOwn(adminActions, action) ? adminActions[action] : undefined;
  if (action !== 'faults' && !extra) return { status: 404, body: { error: 'not_found' } };

  let json: unknown;
  try {
    json = JSON.parse(await readBody(request));
  } catch {
    return { status: 400, body: { error: 'bad_request', message: 'body must be JSON' } };
  }
  if (extra) return extra(json);
  const parsed = SetFaultsRequestSchema.safeParse(json);
  if (!parsed.success) {
    return { status: 400, body: { error: 'bad_request', issues: parsed.error.issues.map((i) => i.message) } };
  }
  const { hospitalCode, faults } = parsed.data;
  if (!simulator.hasHospital(hospitalCode)) return { status: 404, body: { error: 'unknown_hospital' } };
  simulator.setFaults(hospitalCode, faults);
  return { status: 200, body: { hospitalCode, faults: simulator.faultsOf(hospitalCode) } };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_ADMIN_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, answer: Answer): void {
  send(response, answer.status, JSON.stringify(answer.body));
}

function send(response: ServerResponse, status: number, text: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(text);
}

function sleep(ms: number, delays: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      delays.delete(timer);
      resolve();
    }, ms);
    delays.add(timer);
  });
}
