import { adjudicateDocument } from '../../domain/adjudicate-document';
import { adjudicate, claimTerms, type AdjudicationResult } from '../../domain/adjudication';
import type { AdjudicationCase } from '../../domain/adjudication-case';
import { explainClaim, explainLine, formatRatio } from '../../domain/explanation';
import type { CompiledPolicy } from '../../domain/policy';
import { applyCatalogue, type Catalogue } from '../../domain/catalogue';
import type { JsonRulesAdjudicator } from './json-rules-engine-policy';
import { passesForRound, type BenchSubject } from './measure';

export interface SubjectInputs {
  policy: CompiledPolicy;
  claims: readonly AdjudicationCase[];
  /** A few claims with the engine's results, which the explanation-only subject re-explains. */
  explanationSample: { claims: readonly AdjudicationCase[]; results: readonly AdjudicationResult[] };
  jsonRules: JsonRulesAdjudicator;
  jsonRulesName: string;
  /** How long a round of a fast (synchronous) subject should last. */
  targetRoundMs: number;
}

export interface Subjects {
  /** Our engine first, json-rules-engine second, then diagnostics of our engine. */
  subjects: BenchSubject[];
  /** A sum over everything computed: printed, so no engine's work can be optimised away. */
  checksum(): number;
}

export function benchSubjects(inputs: SubjectInputs): Subjects {
  const { policy, claims, explanationSample, jsonRules } = inputs;
  let sink = 0;

  // A synchronous engine goes over all claims in a few ms; a round repeats the pass to last targetRoundMs.
  const repeatedPasses = (name: string, pass: () => void, casesPerPass = claims.length): BenchSubject => {
    for (let i = 0; i < 3; i++) pass(); // warm before calibrating, or the first pass overstates the cost
    const passes = passesForRound(pass, inputs.targetRoundMs);
    return {
      name,
      casesPerRound: passes * casesPerPass,
      runRound: () => {
        for (let p = 0; p < passes; p++) pass();
      },
    };
  };

  // The home region's catalogue (医保目录) of every code the claims bill, as the claim workflow
  // looks each line up in before adjudicating (functions/home-region/catalogue-lookup.ts).
  const catalogue: Catalogue = {
    region: '330400',
    version: 'bench',
    effectiveFrom: '2000-01-01',
    effectiveTo: null,
    items: Object.fromEntries(
      claims.flatMap((c) =>
        c.items.map((i) => [
          i.code,
          {
            category: i.category,
            ...(i.selfPayFirstPct !== undefined && { selfPayFirstPct: i.selfPayFirstPct }),
          },
        ]),
      ),
    ),
  };
  const subjects = [
    repeatedPasses('crossclaim adjudicate() with catalogue lookups', () => {
      for (const c of claims) {
        const { items } = applyCatalogue(c.items, catalogue, policy.catalogue);
        sink += adjudicate(policy, { ...c, items }).benefitFen;
      }
    }),
    {
      name: inputs.jsonRulesName,
      casesPerRound: claims.length,
      // One claim at a time, as the line runs inside must be (see json-rules-engine-policy.ts).
      runRound: async () => {
        for (const c of claims) sink += (await jsonRules.adjudicate(c)).totals.benefitFen;
      },
    },
    // What a caller with an untrusted document pays on top: zod parsing and the policy checks.
    repeatedPasses('diagnostic: adjudicateDocument() (zod parse + checks + adjudicate)', () => {
      for (const c of claims) sink += adjudicateDocument(policy, c).benefitFen;
    }),
    // The text part of adjudicate() on its own, from results computed beforehand.
    repeatedPasses(
      'diagnostic: explanation text alone (explainLine + explainClaim)',
      () => {
        for (const [i, c] of explanationSample.claims.entries()) {
          const result = explanationSample.results[i];
          if (!result) continue;
          const ratioText = formatRatio(result.ratioBp);
          for (const [j, line] of result.lines.entries()) {
            const pct = c.items[j]?.selfPayFirstPct ?? policy.categoryBSelfPayFirstPct;
            sink += explainLine(line.category, pct, line, ratioText).en.length;
          }
          sink += explainClaim(c, claimTerms(policy, c), result).length;
        }
      },
      explanationSample.claims.length,
    ),
  ];
  return { subjects, checksum: () => sink };
}
