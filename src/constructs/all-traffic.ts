import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { onePolicy } from './_resource';
import { NetworkPolicy } from './network-policy';
import { PolicyType } from '../values/enums';
import { EgressRule, IngressRule } from '../values/rule';
import { LabelSelector } from '../values/selector';

/**
 * Properties of `DenyAllIngress`, `DenyAllEgress`, `AllowAllIngress` and `AllowAllEgress`.
 */
export interface AllTrafficProps {
  /**
   * The pods the policy is for.
   * @default - every pod of the namespace
   */
  readonly podSelector?: LabelSelector;
  /**
   * Object metadata.
   * @default - name derived from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Denies all ingress to the selected pods (by default, every pod of the namespace), until other
 * policies allow some: `policyTypes: [Ingress]` and no rules.
 *
 * The same policy as `DefaultDeny` with `directions: [PolicyType.INGRESS]`, named for what it does
 * to one app.
 *
 * @example
 * new DenyAllIngress(chart, 'WebDenyAll', { podSelector: LabelSelector.matchLabels({ app: 'web' }) });
 */
export class DenyAllIngress extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: AllTrafficProps = {}) {
    super(scope, id);
    this.policy = onePolicy(this, props, { policyTypes: [PolicyType.INGRESS] });
  }
}

/**
 * Denies all egress of the selected pods (by default, every pod of the namespace), DNS included,
 * until other policies allow some: `policyTypes: [Egress]` and no rules.
 *
 * Pair it with `AllowDnsEgress` unless the pods resolve no names.
 *
 * @example
 * new DenyAllEgress(chart, 'FooDenyEgress', { podSelector: LabelSelector.matchLabels({ app: 'foo' }) });
 */
export class DenyAllEgress extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: AllTrafficProps = {}) {
    super(scope, id);
    this.policy = onePolicy(this, props, { policyTypes: [PolicyType.EGRESS] });
  }
}

/**
 * Allows all ingress to the selected pods (by default, every pod of the namespace), from anywhere,
 * on every port: one rule with no `from` and no `ports` (`ingress: [{}]`).
 *
 * Policies only add: this one allows everything to these pods whatever other policies deny (there is
 * no deny rule to override it).
 *
 * @example
 * new AllowAllIngress(chart, 'WebAllowAll', { podSelector: LabelSelector.matchLabels({ app: 'web' }) });
 */
export class AllowAllIngress extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: AllTrafficProps = {}) {
    super(scope, id);
    this.policy = onePolicy(this, props, { ingress: [IngressRule.fromAnywhere()] });
  }
}

/**
 * Allows all egress of the selected pods (by default, every pod of the namespace), to anywhere, on
 * every port: one rule with no `to` and no `ports` (`egress: [{}]`), whatever other policies deny.
 *
 * @example
 * new AllowAllEgress(chart, 'AllowAllEgress');
 */
export class AllowAllEgress extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: AllTrafficProps = {}) {
    super(scope, id);
    this.policy = onePolicy(this, props, { egress: [EgressRule.toAnywhere()] });
  }
}
