import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { withContext } from './_context';
import { markDnsRule } from './_intent';
import { onePolicy } from './_resource';
import { NetworkPolicy } from './network-policy';
import { EgressRule } from '../values/rule';
import { LabelSelector } from '../values/selector';
import { ClusterDnsOptions, WellKnown } from '../values/well-known';

/**
 * Where cluster DNS runs (`ClusterDnsOptions`, under the name the constructs have always used).
 */
export interface DnsOptions extends ClusterDnsOptions {}

/**
 * Properties of `AllowDnsEgress`.
 */
export interface AllowDnsEgressProps extends DnsOptions {
  /**
   * The pods that may resolve names.
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
 * Lets the selected pods reach cluster DNS on UDP and TCP 53 (`WellKnown.clusterDns()`): the companion
 * every egress isolation needs.
 *
 * Egress isolation blocks DNS too unless it is allowed; DNS uses UDP and falls back to TCP for large
 * answers, so both are allowed, and only to the DNS pods.
 *
 * Like any policy with egress rules, this one isolates the egress of the pods it selects: on its own,
 * it leaves them DNS and nothing else. Use it next to the policies (or `DefaultDeny`) that isolate them.
 *
 * @example
 * new AllowDnsEgress(chart, 'Dns', { metadata: { namespace: 'shop' } });
 */
export class AllowDnsEgress extends Construct {
  /**
   * The egress rule that allows DNS: to the DNS pods on UDP and TCP.
   *
   * @example
   * AllowDnsEgress.rule({ dnsNamespace: 'kube-system' });
   */
  public static rule(options: DnsOptions = {}): EgressRule {
    // Recorded as DNS intent, so the DNS guardrail trusts a custom DNS location too.
    return markDnsRule(WellKnown.clusterDns(options).egressRule());
  }

  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: AllowDnsEgressProps = {}) {
    super(scope, id);
    this.policy = onePolicy(this, props, { egress: [withContext(this, 'dns options', () => AllowDnsEgress.rule(props))] });
  }
}
