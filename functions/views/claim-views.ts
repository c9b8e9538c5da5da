import type { PayoutRecord, StoredAdjudication } from '../../adapters/claim-store';
import { decisionNote, type ClaimCase } from '../../domain/claim';
import type { ClaimSummary, ClaimView, QueueItem } from '../../domain/api/claims';
import { maskBankAccount, maskName } from '../../domain/masking';
import { viewFor } from '../../domain/view-policy';
import { citizenReasons } from './citizen-redaction';

/**
 * What the HTTP API shows of a case, built from the stored case: the shapes are the schemas of
 * domain/api/claims.ts. Personal data leaves only masked: the ID number as stored (first 4 and
 * last 4), names to their first character, the bank account to its last 4 digits. Diagnoses
 * never leave at all.
 */

/** Who reads a case: staff (clerks, admins) see failure causes and who decided; citizens do not. */
export type Audience = 'citizen' | 'staff';

function waitingFor(claim: ClaimCase): ClaimView['waitingFor'] {
  if (!claim.taskToken) return undefined;
  if (claim.status === 'WAITING_FOR_EBILL') return 'hospital_ebill';
  if (claim.status === 'IN_REVIEW' || claim.status === 'FAILED') return 'clerk';
  return undefined;
}

function benefitView(stored: StoredAdjudication): ClaimView['benefit'] {
  const { result } = stored;
  return {
    policyId: result.policyId,
    submittedFen: result.submittedFen,
    eligibleFen: result.eligibleFen,
    deductibleFen: result.deductibleFen,
    benefitFen: result.benefitFen,
    seriousIllnessFen: result.seriousIllnessFen ?? 0,
    patientPaysFen: result.patientPaysFen,
    notes: result.notes,
    ...(result.basis?.catalogue && { catalogue: result.basis.catalogue }),
    lines: result.lines.map((line) => ({
      seq: line.seq,
      code: line.code,
      name: line.name,
      category: line.category,
      submittedFen: line.submittedFen,
      eligibleFen: line.eligibleFen,
      benefitFen: line.benefitFen,
      seriousIllnessFen: line.seriousIllnessFen ?? 0,
      patientPaysFen: line.patientPaysFen,
      reason: line.reason,
    })),
  };
}

/** The facts the case record holds about its history, in the order they happened. */
function timelineOf(claim: ClaimCase, payout: PayoutRecord | undefined): ClaimView['timeline'] {
  const facts: ClaimView['timeline'] = [{ at: claim.createdAt, fact: 'submitted' }];
  if (claim.failure) facts.push({ at: claim.failure.at, fact: 'failed' });
  if (claim.queuedAt) facts.push({ at: claim.queuedAt, fact: 'queued_for_clerk' });
  if (claim.escalatedAt) facts.push({ at: claim.escalatedAt, fact: 'escalated' });
  if (claim.decision) facts.push({ at: claim.decision.at, fact: 'decided' });
  if (claim.infoRequest) facts.push({ at: claim.infoRequest.askedAt, fact: 'info_requested' });
  if (claim.infoRequest?.answeredAt) facts.push({ at: claim.infoRequest.answeredAt, fact: 'info_answered' });
  for (const appeal of claim.appeals ?? []) facts.push({ at: appeal.filedAt, fact: 'appealed' });
  if (payout) facts.push({ at: payout.createdAt, fact: 'paid' });
  if (claim.status === 'REJECTED') facts.push({ at: claim.updatedAt, fact: 'rejected' });
  return facts.sort((a, b) => a.at.localeCompare(b.at));
}

function pendingCheckView(claim: ClaimCase): QueueItem['pendingCheck'] {
  const pending = claim.pendingCheck;
  if (!pending) return undefined;
  const { decision } = pending.decision;
  if (decision !== 'approve' && decision !== 'adjust') return undefined;
  return {
    decision,
    makerId: pending.decision.clerkId,
    at: pending.decision.at,
    benefitFen: pending.benefitFen,
  };
}

export function claimView(
  claim: ClaimCase,
  found: {
    adjudication: StoredAdjudication | undefined;
    payout: PayoutRecord | undefined;
    appealUntil?: string;
  },
  audience: Audience,
): ClaimView {
  const staff = audience === 'staff';
  const { decision } = claim;
  return viewFor<ClaimView>(
    {
      claimId: claim.claimId,
      status: claim.status,
      waitingFor: waitingFor(claim),
      createdAt: claim.createdAt,
      updatedAt: claim.updatedAt,
      insured: {
        idNumberMasked: claim.insured.idNumberMasked,
        nameMasked: maskName(claim.insured.name),
        scheme: claim.insured.scheme,
        status: claim.insured.status,
        homeRegion: claim.insured.homeRegion,
      },
      hospitalCode: claim.hospitalCode,
      visit: { ...claim.visit },
      ...(claim.filedBy && {
        filedBy: {
          role: claim.filedBy.role,
          ...(claim.filedBy.role === 'agent' && { agentId: claim.filedBy.sub, region: claim.filedBy.region }),
          authorityId: claim.filedBy.authorityId,
        },
      }),
      payout: {
        bankAccountMasked: maskBankAccount(claim.payout.bankAccount),
        accountNameMasked: maskName(claim.payout.accountName),
      },
      reasons: staff ? (claim.reasons ?? []) : citizenReasons(claim.reasons ?? []),
      failure: staff ? claim.failure : undefined,
      decision: decision && {
        decision: decision.decision,
        reasonCode: decision.decision === 'reject' ? decision.reasonCode : undefined,
        note: decisionNote(decision),
        at: decision.at,
        clerkId: decision.clerkId,
        checkedBy: decision.checkedBy,
      },
      adjustments: claim.adjustments,
      // Staff identities and the maker-checker state: their labels keep them to staff (viewFor).
      assignee: claim.assignee,
      pendingCheck: pendingCheckView(claim),
      returnedCheck: claim.returnedCheck,
      infoRequest: claim.infoRequest && {
        question: claim.infoRequest.question,
        askedAt: claim.infoRequest.askedAt,
        deadline: claim.infoRequest.deadline,
        answer: claim.infoRequest.answer,
        answeredAt: claim.infoRequest.answeredAt,
      },
      appealUntil: found.appealUntil,
      appeals: claim.appeals,
      benefit: found.adjudication && benefitView(found.adjudication),
      paidFen: found.payout?.amountFen,
      timeline: timelineOf(claim, found.payout),
    },
    audience,
  );
}

export function claimSummary(claim: ClaimCase): ClaimSummary {
  return {
    claimId: claim.claimId,
    status: claim.status,
    createdAt: claim.createdAt,
    updatedAt: claim.updatedAt,
    hospitalCode: claim.hospitalCode,
    careType: claim.visit.careType,
    serviceDate: claim.visit.serviceDate,
    paidFen: claim.status === 'PAID' ? claim.benefitFen : undefined,
  };
}

/** A case's place against its service level: breached past the limit, due soon in its last fifth. */
export function slaOf(
  claim: ClaimCase,
  slaHours: number,
  now: Date,
): { ageSeconds: number; sla: QueueItem['sla'] } {
  const since = Date.parse(claim.queuedAt ?? claim.updatedAt);
  const limitMs = slaHours * 3_600_000;
  const ageMs = Math.max(0, now.getTime() - since);
  const state = ageMs > limitMs ? 'breached' : ageMs > limitMs * 0.8 ? 'due_soon' : 'ok';
  return {
    ageSeconds: Math.floor(ageMs / 1000),
    sla: { dueAt: new Date(since + limitMs).toISOString(), state },
  };
}

export function queueItem(claim: ClaimCase, clock: { slaHours: number; now: Date }): QueueItem {
  return {
    ...slaOf(claim, clock.slaHours, clock.now),
    benefitFen: claim.benefitFen,
    assignee: claim.assignee,
    pendingCheck: pendingCheckView(claim),
    claimId: claim.claimId,
    status: claim.status,
    queuedAt: claim.queuedAt,
    escalatedAt: claim.escalatedAt,
    awaitingDecision: Boolean(claim.taskToken),
    insured: {
      idNumberMasked: claim.insured.idNumberMasked,
      nameMasked: maskName(claim.insured.name),
      scheme: claim.insured.scheme,
    },
    hospitalCode: claim.hospitalCode,
    careType: claim.visit.careType,
    serviceDate: claim.visit.serviceDate,
    reasons: claim.reasons ?? [],
    failure: claim.failure,
  };
}
