import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { onePolicy } from './_resource';
import { NetworkPolicy } from './network-policy';
import { PolicyType } from '../values/enums';
import { LabelSelector } from '../values/selector';

/**
 * Properties of `DefaultDeny`.
 */
export interface DefaultDenyProps {
  /**
   * The directions to deny: ingress, egress, or both.
   */
  readonly directions: PolicyType[];
  /**
   * The pods to isolate.
   * @default - every pod of the namespace
   */
  readonly podSelector?: LabelSelector;
  /**
   * Object metadata; set `namespace` to isolate a namespace other than the chart's.
   * @default - name derived from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Denies all traffic in the given directions for the selected pods (by default, every pod of the
 * namespace), until other policies allow some.
 *
 * It writes `policyTypes` and no rules: no `ingress: []` noise, no reliance on policyTypes defaulting.
 * Denying egress also blocks DNS: pair it with `AllowDnsEgress`.
 *
 * @example
 * new DefaultDeny(chart, 'DenyAll', { directions: [PolicyType.INGRESS, PolicyType.EGRESS] });
 */
export class DefaultDeny extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: DefaultDenyProps) {
    super(scope, id);
    if (props.directions.length === 0) {
      throw new Error(`DefaultDeny ${this.node.path}: directions is empty: pass PolicyType.INGRESS, PolicyType.EGRESS or both`);
    }
    this.policy = onePolicy(this, props, { policyTypes: props.directions });
  }
}
