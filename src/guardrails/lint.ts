// Runs the lint registry on a decoded snapshot and applies what the authors said: recorded intent makes
// a finding deliberate (not reported), a suppression silences it with its reason (reported as such).
import { LINT_RULES } from './rules';
import { RuleIntent } from '../kube/intent';
import { DecodedPolicy, Snapshot } from '../kube/snapshot';

export interface LintResult {
  readonly id: string;
  readonly policy: DecodedPolicy;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression silences it: its reason ('' when none was given). */
  readonly suppressedBecause?: string;
  /** Set when the rule's recorded intent makes it deliberate (not reported, but listed on request). */
  readonly intended?: RuleIntent;
}

/** Whether a finding is reported: neither suppressed nor recorded as intended. */
export function isActive(r: LintResult): boolean {
  return r.suppressedBecause === undefined && r.intended === undefined;
}

/** Why a finding is not reported, for lists of silenced findings. */
export function silencedBecause(r: LintResult): string | undefined {
  if (r.intended !== undefined) return `recorded intent: ${r.intended}`;
  return r.suppressedBecause;
}

export interface LintOptions {
  /** Lints silenced for every policy (`--ignore`), with a reason. */
  readonly silenced?: ReadonlyMap<string, string>;
}

/** Lints every valid policy of the snapshot; the other objects give context. Sorted by policy, then ID. */
export function lintSnapshot(snapshot: Snapshot, options: LintOptions = {}): LintResult[] {
  const results: LintResult[] = [];
  for (const rule of LINT_RULES) {
    rule.check(snapshot, (f) => {
      const intended = rule.intent && f.rule?.intent.has(rule.intent) ? rule.intent : undefined;
      const own = f.policy.suppressions.find((s) => s.id === rule.id);
      const reason = own?.reason ?? options.silenced?.get(rule.id);
      results.push({
        id: rule.id,
        policy: f.policy,
        field: f.field,
        message: f.message,
        fix: rule.fix,
        ...(intended !== undefined ? { intended } : own !== undefined || reason !== undefined ? { suppressedBecause: reason ?? '' } : {}),
      });
    });
  }
  const order = new Map(snapshot.policies.map((p, i) => [p, i]));
  // Stable: within one policy and ID, findings keep the order the check reported them in.
  return results.sort((a, b) => (order.get(a.policy)! - order.get(b.policy)!) || a.id.localeCompare(b.id));
}
