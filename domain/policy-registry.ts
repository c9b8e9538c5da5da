import type { CompiledPolicy } from './policy';

/**
 * The policies in force, by home region and scheme. A claim is adjudicated under the policy
 * whose effective dates cover its service date; where versions overlap, the highest wins.
 */
export class PolicyRegistry {
  private readonly byRegionScheme = new Map<string, CompiledPolicy[]>();

  constructor(policies: readonly CompiledPolicy[]) {
    for (const policy of policies) {
      const key = `${policy.source.region.code}/${policy.source.scheme}`;
      const list = this.byRegionScheme.get(key) ?? [];
      list.push(policy);
      list.sort((a, b) => b.version - a.version);
      this.byRegionScheme.set(key, list);
    }
  }

  find(query: { region: string; scheme: string; serviceDate: string }): CompiledPolicy | undefined {
    return this.byRegionScheme
      .get(`${query.region}/${query.scheme}`)
      ?.find(
        (p) => p.source.effective.from <= query.serviceDate && query.serviceDate <= p.source.effective.to,
      );
  }

  /** The home regions with a policy: every region a claim can be adjudicated for. */
  regions(): string[] {
    return [...new Set([...this.byRegionScheme.values()].flat().map((p) => p.source.region.code))].sort();
  }

  /** A policy by id: the given version (kept after newer ones are published), else the newest. */
  byId(id: string, version?: number): CompiledPolicy | undefined {
    for (const list of this.byRegionScheme.values()) {
      const found = list.find((p) => p.id === id && (version === undefined || p.version === version));
      if (found) return found;
    }
    return undefined;
  }
}
