import { describeFault, type PlannedFault } from './fault-plan';
import { whileRefused } from './http';
import type { WorldClient } from './world-client';

export interface FaultSwitch {
  /** Switches every planned fault off (each hospital back to {}), timers included; never throws. */
  clearAll(): Promise<string[]>;
}

/**
 * Switches the planned faults on now and each timed one off when its time is up. Whatever
 * happens to the run, clearAll() leaves the hospitals it touched with no faults.
 */
export async function switchFaultsOn(
  world: WorldClient,
  faults: readonly PlannedFault[],
  print: (line: string) => void,
): Promise<FaultSwitch> {
  const timers = new Set<NodeJS.Timeout>();
  const clearAll = async (): Promise<string[]> => {
    timers.forEach((timer) => clearTimeout(timer));
    timers.clear();
    const problems: string[] = [];
    for (const fault of faults) {
      // The world may be restarting (a chaos kill): switched off once it answers again.
      await whileRefused(() => world.setFaults(fault.hospitalCode, {}), { patienceMs: 2 * 60_000 }).catch(
        (error: unknown) => {
          problems.push(
            `could not switch off the faults of ${fault.hospitalCode}: ${(error as Error).message}`,
          );
        },
      );
    }
    return problems;
  };
  try {
    for (const fault of faults) {
      await world.setFaults(fault.hospitalCode, fault.faults);
      print(`  fault on   ${describeFault(fault)}`);
      if (fault.clearAfterMs !== undefined) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          // A failure here is left for clearAll(), which tries again at the end.
          world.setFaults(fault.hospitalCode, {}).catch(() => undefined);
        }, fault.clearAfterMs);
        timers.add(timer);
      }
    }
  } catch (error) {
    // Those switched on before the failure are switched off again before giving up.
    await clearAll();
    throw error;
  }
  return { clearAll };
}
