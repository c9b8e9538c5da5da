import { RULES, type EventRule, type RuleTargetName } from '../../events/patterns';
import type { LocalBusTarget, LocalEventBus } from './local-bus';

/** The in-process handler behind each logical target name of events/patterns.ts. */
export type ProjectRuleTargets = Record<RuleTargetName, LocalBusTarget>;

/**
 * Adds crossclaim's rules (events/patterns.ts, the same ones infra/ deploys) to a local bus,
 * each with the handler its target names.
 */
export function addProjectRules(
  bus: LocalEventBus,
  targets: ProjectRuleTargets,
  rules: readonly EventRule[] = RULES,
): void {
  for (const rule of rules) {
    // The type already demands every name; this guards callers that build `targets` loosely.
    const target = targets[rule.target] as LocalBusTarget | undefined;
    if (typeof target !== 'function')
      throw new Error(`Rule ${rule.name}: no handler for target ${rule.target}`);
    bus.addRule({ name: rule.name, pattern: rule.pattern, targets: [target] });
  }
}
