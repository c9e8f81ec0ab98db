// What one guardrail lint is: a self-contained record with its catalog entry and its check, in the
// spirit of cdk-nag's rules. The checks read the decoded model only.
import { RuleIntent } from '../kube/intent';
import { DecodedPolicy, DecodedRule, Snapshot } from '../kube/snapshot';

/** One finding, before suppressions and severities are applied. */
export interface RawFinding {
  readonly policy: DecodedPolicy;
  /** Field path, e.g. `spec.ingress[0].from[1]`. */
  readonly field: string;
  readonly message: string;
  /** The rule the finding is about, when it is about one (its recorded intent may make it deliberate). */
  readonly rule?: DecodedRule;
}

export type Report = (finding: RawFinding) => void;

export interface LintRule {
  /** Stable ID, `NP001`. */
  readonly id: string;
  readonly title: string;
  /** Why it matters, in one or two sentences. */
  readonly why: string;
  /** How to fix or silence it. */
  readonly fix: string;
  /** The recorded intent that makes a finding on a rule deliberate, so it is not reported. */
  readonly intent?: RuleIntent;
  check(snapshot: Snapshot, report: Report): void;
}

/** Every rule of every policy, with its direction. */
export function* allRules(policy: DecodedPolicy): Generator<DecodedRule> {
  yield* policy.ingress;
  yield* policy.egress;
}

export function displayNamespace(policy: DecodedPolicy): string {
  return policy.namespaceGiven ? `namespace "${policy.namespace}"` : 'the default namespace';
}
