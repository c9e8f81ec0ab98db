import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { withContext } from './_context';
import { NetworkPolicy } from './network-policy';
import { isStrictSubnet, parseCidrOrThrow } from '../kube/cidr';
import { IPeer, Peer } from '../values/peer';
import { Port } from '../values/port';
import { IngressRule } from '../values/rule';
import { LabelSelector } from '../values/selector';

/**
 * Properties of `IpAllowlist`.
 */
export interface IpAllowlistProps {
  /** The pods to protect. */
  readonly podSelector: LabelSelector;
  /** The source ranges allowed in (IPv4 and IPv6 may be mixed). */
  readonly cidrs: string[];
  /**
   * Ranges to leave out; each goes to the `except` list of every allowed range that contains it.
   * @default - none
   */
  readonly exceptCidrs?: string[];
  /**
   * The ports allowed.
   * @default - every port
   */
  readonly ports?: Port[];
  /**
   * Object metadata.
   * @default - name derived from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * The selected pods accept traffic only from the listed IP ranges (optionally only on some ports).
 *
 * Exceptions are matched to the ranges that contain them, so you list them once.
 *
 * @example
 * new IpAllowlist(chart, 'Office', {
 *   podSelector: LabelSelector.matchLabels({ app: 'admin' }),
 *   cidrs: ['203.0.113.0/24', '2001:db8::/48'],
 *   exceptCidrs: ['203.0.113.128/25'],
 *   ports: [Port.HTTPS],
 * });
 */
export class IpAllowlist extends Construct {
  /** The policy this construct writes. */
  public readonly policy: NetworkPolicy;

  public constructor(scope: Construct, id: string, props: IpAllowlistProps) {
    super(scope, id);
    if (props.cidrs.length === 0) {
      throw new Error(`IpAllowlist ${this.node.path}: cidrs is empty, which would allow nothing: list at least one range, or use DefaultDeny to deny all ingress`);
    }
    const ranges = props.cidrs.map((c, i) => ({ text: c, cidr: withContext(this, `cidrs[${i}]`, () => parseCidrOrThrow(c, 'cidr')) }));
    const canon = ranges.map((r) => r.cidr.canonical);
    const duplicate = canon.find((c, i) => canon.indexOf(c) !== i);
    if (duplicate) throw new Error(`IpAllowlist ${this.node.path}: cidrs lists ${duplicate} twice: remove the duplicate`);
    const excepts = new Map<string, string[]>(ranges.map((r) => [r.text, []]));
    (props.exceptCidrs ?? []).forEach((text, i) => {
      const where = `IpAllowlist ${this.node.path}: exceptCidrs[${i}] "${text}"`;
      const inner = withContext(this, `exceptCidrs[${i}]`, () => parseCidrOrThrow(text, 'except'));
      // CIDRs nest or are disjoint: an exception either lies inside a range, or covers it whole.
      const covered = ranges.find((r) => r.cidr.canonical === inner.canonical || isStrictSubnet(inner, r.cidr));
      if (covered) {
        throw new Error(`${where} covers the whole allowed range ${covered.text}, which an except list cannot take back: remove ${covered.text} from cidrs`);
      }
      const owners = ranges.filter((r) => isStrictSubnet(r.cidr, inner));
      if (owners.length === 0) {
        throw new Error(`${where} lies inside none of the allowed ranges (${props.cidrs.join(', ')}): remove it, or allow a range that contains it`);
      }
      owners.forEach((r) => excepts.get(r.text)!.push(text));
    });
    const peers: IPeer[] = ranges.map((r) => Peer.ipBlock(r.text, excepts.get(r.text)));
    this.policy = new NetworkPolicy(this, 'Resource', {
      metadata: props.metadata,
      podSelector: props.podSelector,
      ingress: [IngressRule.fromPeers(...peers).toPorts(...(props.ports ?? []))],
    });
  }
}
