import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { withContext } from './_context';
import { declarePolicyIntent } from './_intent';
import { AllowDnsEgress, DnsOptions } from './allow-dns-egress';
import { NetworkPolicy } from './network-policy';
import { PolicyType } from '../values/enums';
import { IPeer, Peer } from '../values/peer';
import { EgressRule, IngressRule } from '../values/rule';
import { LabelSelector } from '../values/selector';

/**
 * Properties of `NamespaceIsolation`.
 */
export interface NamespaceIsolationProps {
  /** The namespace to isolate (the policy is written there). */
  readonly namespace: string;
  /**
   * Object metadata (name, labels, annotations); its namespace, if set, must be `namespace`.
   * @default - name derived from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Other namespaces whose pods may also connect in, by name.
   * @default - none
   */
  readonly allowFromNamespaces?: string[];
  /**
   * Other peers that may also connect in.
   * @default - none
   */
  readonly allowFrom?: IPeer[];
  /**
   * Isolate egress the same way: pods may only connect to the namespace itself (and DNS, and `allowTo`).
   * @default false
   */
  readonly isolateEgress?: boolean;
  /**
   * Other namespaces the pods may connect to, by name (with `isolateEgress`).
   * @default - none
   */
  readonly allowToNamespaces?: string[];
  /**
   * Other peers the pods may connect to (with `isolateEgress`).
   * @default - none
   */
  readonly allowTo?: IPeer[];
  /**
   * With `isolateEgress`, also allow DNS to the cluster DNS pods on UDP and TCP 53.
   * @default true
   */
  readonly allowDns?: boolean;
  /**
   * Where cluster DNS runs.
   * @default - kube-system pods labelled k8s-app=kube-dns, port 53
   */
  readonly dns?: DnsOptions;
}

/**
 * Pods of a namespace accept traffic only from the same namespace (and from what you list);
 * optionally they may also only connect within it.
 *
 * One policy selects every pod of the namespace; its single ingress rule lists the namespace's own
 * pods and the extra peers, OR'ed.
 *
 * @example
 * new NamespaceIsolation(chart, 'Shop', { namespace: 'shop', allowFromNamespaces: ['ingress-nginx'] });
 */
export class NamespaceIsolation extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: NamespaceIsolationProps) {
    super(scope, id);
    if (props.metadata?.namespace !== undefined && props.metadata.namespace !== props.namespace) {
      throw new Error(`NamespaceIsolation ${this.node.path}: metadata.namespace "${props.metadata.namespace}" differs from namespace "${props.namespace}": set only namespace`);
    }
    const sameNamespace = Peer.allPodsInPolicyNamespace();
    const from: IPeer[] = [sameNamespace, ...(props.allowFrom ?? [])];
    if (props.allowFromNamespaces && props.allowFromNamespaces.length > 0) {
      from.push(withContext(this, 'allowFromNamespaces', () => Peer.namespacesNamed(props.allowFromNamespaces!)));
    }
    const egress: EgressRule[] = [];
    if (props.isolateEgress) {
      const to: IPeer[] = [sameNamespace, ...(props.allowTo ?? [])];
      if (props.allowToNamespaces && props.allowToNamespaces.length > 0) {
        to.push(withContext(this, 'allowToNamespaces', () => Peer.namespacesNamed(props.allowToNamespaces!)));
      }
      egress.push(EgressRule.toPeers(...to));
      if (props.allowDns ?? true) egress.push(withContext(this, 'dns', () => AllowDnsEgress.rule(props.dns)));
    } else if (props.allowTo || props.allowToNamespaces || props.allowDns !== undefined || props.dns) {
      throw new Error(`NamespaceIsolation ${this.node.path}: allowTo, allowToNamespaces, allowDns and dns only apply with isolateEgress: true`);
    }
    this.policy = new NetworkPolicy(this, 'Resource', {
      metadata: { ...props.metadata, namespace: props.namespace },
      podSelector: LabelSelector.all(),
      ingress: [IngressRule.fromPeers(...from)],
      egress,
      policyTypes: props.isolateEgress ? [PolicyType.INGRESS, PolicyType.EGRESS] : [PolicyType.INGRESS],
    });
    // Opting out of DNS is a decision, not the mistake the DNS lint looks for.
    if (props.isolateEgress && props.allowDns === false) declarePolicyIntent(this.policy, 'no-dns');
  }
}
