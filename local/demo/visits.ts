import { admissionSequences, type CreatedVisit } from './claim-request';
import type { BatchPlan, PlannedVisit } from './plan';
import type { WorldClient } from './world-client';

/**
 * The batch's visits made real at the simulated hospitals (POST /admin/visits). Visits of
 * people with a single visit go in one call per kind (care type, bill timing, settled or not);
 * a person with several visits is created by their first visit and named in the next ones, so
 * the hospitals bill the same person again.
 */

const timingOf = (visit: PlannedVisit): 'now' | 'later' => (visit.role === 'issued_later' ? 'later' : 'now');

export async function createVisits(world: WorldClient, plan: BatchPlan): Promise<CreatedVisit[]> {
  const visitsOf = new Map<number, PlannedVisit[]>();
  for (const visit of plan.visits)
    visitsOf.set(visit.insured, [...(visitsOf.get(visit.insured) ?? []), visit]);

  const created = new Map<number, CreatedVisit>();
  const singles = new Map<string, PlannedVisit[]>();
  for (const visits of visitsOf.values()) {
    const [only] = visits;
    if (visits.length !== 1 || !only) continue;
    const kind = `${only.careType}|${timingOf(only)}|${only.role === 'settled_directly'}`;
    singles.set(kind, [...(singles.get(kind) ?? []), only]);
  }
  for (const group of singles.values()) {
    const [first] = group;
    if (!first) continue;
    const made = await world.addVisits({
      count: group.length,
      careType: first.careType,
      timing: timingOf(first),
      settledDirectly: first.role === 'settled_directly',
    });
    group.forEach((plan, i) => {
      const hospital = made[i];
      if (hospital) created.set(plan.index, { plan, hospital });
    });
  }

  for (const visits of visitsOf.values()) {
    if (visits.length < 2) continue;
    let patient: CreatedVisit['hospital']['patient'] | undefined;
    for (const plan of visits) {
      const [hospital] = await world.addVisits({
        count: 1,
        careType: plan.careType,
        ...(patient && { patient }),
        timing: timingOf(plan),
        settledDirectly: plan.role === 'settled_directly',
      });
      if (!hospital) continue;
      patient ??= hospital.patient;
      created.set(plan.index, { plan, hospital });
    }
  }

  const visits = plan.visits.map((plan) => {
    const visit = created.get(plan.index);
    if (!visit) throw new Error(`the hospitals did not create visit #${plan.index + 1}`);
    return visit;
  });
  const seqs = admissionSequences(visits);
  return visits.map((visit) => {
    const seq = seqs.get(visit.plan.index);
    return seq === undefined ? visit : { ...visit, admissionSeqInYear: seq };
  });
}
