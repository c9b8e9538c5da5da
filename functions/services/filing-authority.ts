import type { AuditActor } from '../../domain/audit-chain';
import { authorityProblem, WRONG_CODE, type Delegation, type OnBehalfOf } from '../../domain/delegation';
import { hashIdNumber } from '../../domain/identity';
import { InvalidInputError } from '../../domain/validation';
import { requireOwnIdNumber, type CallerOf } from '../shared/auth';
import { deps } from '../shared/dependencies';
import { forbidden } from '../shared/http-errors';
import { logger } from '../shared/observability';
import { requireOwnReceiptImages } from '../shared/receipt-image-ownership';
import { filingFromForm, type Filing, type OnBehalf } from './claim-filing';
import type { ClaimRequest } from './claim-requests';
import { filingFromVisit } from './visits';

/**
 * Who may file what (POST /claims): a citizen files their own claims (the form with their own
 * ID number, or a visit of their own), or a relative's on a delegation that relative recorded
 * for them; an agent (a service window) files only on a citizen's window authorisation, with its
 * one-time code and the scan of the signed form they uploaded. Every refusal of an authority is
 * the same 403, whatever was wrong (unknown, another person's, revoked, expired, used, wrong
 * code), so nobody learns which delegations exist; the reason goes to the log.
 */
export async function authorisedFiling(
  caller: CallerOf<'citizen' | 'agent'>,
  parsed: ClaimRequest,
): Promise<{ filing: Filing; actor?: AuditActor; onBehalf?: OnBehalf }> {
  if (parsed.kind === 'onBehalf') return onBehalfFiling(caller, parsed.request, parsed.onBehalfOf);
  if (caller.role === 'agent')
    throw forbidden('an agent files only for a citizen, on their signed authorisation (onBehalfOf)');
  if (parsed.kind === 'visit') {
    await requireOwnReceiptImages(caller.sub, parsed.request.receiptImages);
    return { filing: await filingFromVisit(caller.sub, parsed.request) };
  }
  requireOwnIdNumber(caller, parsed.request.insured.idNumber);
  await requireOwnReceiptImages(caller.sub, parsed.request.receiptImages);
  return { filing: filingFromForm(parsed.request) };
}

async function onBehalfFiling(
  caller: CallerOf<'citizen' | 'agent'>,
  request: Extract<ClaimRequest, { kind: 'onBehalf' }>['request'],
  onBehalfOf: OnBehalfOf,
): Promise<{ filing: Filing; actor: AuditActor; onBehalf: OnBehalf }> {
  const citizenHash = hashIdNumber(request.insured.idNumber);
  if (citizenHash === caller.sub)
    throw new InvalidInputError('request body', [
      { path: 'onBehalfOf', message: 'is for filing for someone else: leave it out for your own claim' },
    ]);
  // The money goes to the insured, never to whoever files: the account must be in their name.
  if (request.payout.accountName.trim() !== request.insured.name.trim())
    throw new InvalidInputError('request body', [
      {
        path: 'payout.accountName',
        message: 'must be the insured’s own name: a claim filed for someone pays only into their account',
      },
    ]);
  if (caller.role === 'agent') {
    const missing = [
      ...(onBehalfOf.code ? [] : [{ path: 'onBehalfOf.code', message: 'is required of an agent' }]),
      ...(onBehalfOf.signedAuthorisation
        ? []
        : [
            {
              path: 'onBehalfOf.signedAuthorisation',
              message: 'is required of an agent: upload the signed form',
            },
          ]),
    ];
    if (missing.length > 0) throw new InvalidInputError('request body', missing);
    await requireOwnReceiptImages(
      caller.sub,
      onBehalfOf.signedAuthorisation ? [onBehalfOf.signedAuthorisation] : [],
      'onBehalfOf.signedAuthorisation',
    );
  }
  await requireOwnReceiptImages(caller.sub, request.receiptImages);
  const delegation = await deps('claims').delegations.find(citizenHash, onBehalfOf.delegationId);
  const today = deps('now')().toISOString().slice(0, 10);
  const problem = authorityProblem(delegation, caller, onBehalfOf, today);
  if (problem || !delegation) {
    logger.warn('filing on behalf refused', { role: caller.role, why: problem });
    // Guessing codes locks the authorisation after a few tries.
    if (problem === WRONG_CODE)
      await deps('claims').delegations.recordWrongCode(citizenHash, onBehalfOf.delegationId);
    throw forbidden(
      'no valid authority to file for this person: the delegation or authorisation is not theirs, revoked, expired or used',
    );
  }
  return {
    filing: {
      ...filingFromForm(request),
      filedBy: {
        role: caller.role === 'agent' ? 'agent' : 'delegate',
        sub: caller.sub,
        ...(caller.role === 'agent' && { region: caller.region }),
        authorityId: delegation.delegationId,
        ...(onBehalfOf.signedAuthorisation && {
          signedAuthorisationImageId: onBehalfOf.signedAuthorisation.imageId,
        }),
      },
    },
    actor: actorOf(caller, delegation),
    onBehalf: { delegation, whoZh: whoZh(caller, delegation), whoEn: whoEn(caller, delegation) },
  };
}

/** The history names the agent by their user id; a delegate by the delegation (never their ID hash). */
const actorOf = (caller: CallerOf<'citizen' | 'agent'>, delegation: Delegation): AuditActor =>
  caller.role === 'agent'
    ? { role: 'agent', sub: caller.sub }
    : { role: 'delegate', sub: delegation.delegationId };

const whoZh = (caller: CallerOf<'citizen' | 'agent'>, d: Delegation): string =>
  caller.role === 'agent'
    ? `服务窗口经办人 ${caller.sub}（${caller.region}）`
    : `您授权的家属 ${d.delegateNameMasked ?? ''}`;
const whoEn = (caller: CallerOf<'citizen' | 'agent'>, d: Delegation): string =>
  caller.role === 'agent'
    ? `service-window agent ${caller.sub} (${caller.region})`
    : `your family delegate ${d.delegateNameMasked ?? ''}`;
