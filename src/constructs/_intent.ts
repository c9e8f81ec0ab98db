// What the constructs of this folder tell each other about intent, before it is rendered: which rule
// values are the DNS rule, and which policies leave out DNS on purpose.
import { IConstruct } from 'constructs';
import { PolicyIntentFlag } from '../kube/intent';
import { EgressRule } from '../values/rule';

const DNS_RULES = new WeakSet<EgressRule>();
const POLICY_FLAGS = new WeakMap<IConstruct, Set<PolicyIntentFlag>>();

/** Marks a rule value as the cluster DNS rule (AllowDnsEgress.rule()). */
export function markDnsRule(rule: EgressRule): EgressRule {
  DNS_RULES.add(rule);
  return rule;
}

export function isDnsRule(rule: EgressRule): boolean {
  return DNS_RULES.has(rule);
}

/** Records a deliberate shape of the policy that `policy` renders. */
export function declarePolicyIntent(policy: IConstruct, flag: PolicyIntentFlag): void {
  POLICY_FLAGS.set(policy, new Set([...(POLICY_FLAGS.get(policy) ?? []), flag]));
}

export function policyIntentFlags(policy: IConstruct): ReadonlySet<PolicyIntentFlag> {
  return POLICY_FLAGS.get(policy) ?? new Set();
}
