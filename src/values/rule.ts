import { IPeer, Peer, PeerConfig } from './peer';
import { Port } from './port';
import { KubeRule, uniqueBy } from '../kube/json';

function renderPeer(config: PeerConfig): { [field: string]: unknown } {
  const out: { [field: string]: unknown } = {};
  if (config.podSelector) out.podSelector = config.podSelector;
  if (config.namespaceSelector) out.namespaceSelector = config.namespaceSelector;
  if (config.ipBlock) {
    const { cidr, exceptCidrs } = config.ipBlock;
    out.ipBlock = exceptCidrs && exceptCidrs.length > 0 ? { cidr, except: [...exceptCidrs] } : { cidr };
  }
  return out;
}

/**
 * What ingress and egress rules share: peers (OR'ed) and ports (OR'ed); a connection must match
 * one peer AND one port.
 *
 * No ports means every port of every protocol.
 */
export abstract class PolicyRule {
  /** The peers, in the order given, without duplicates. */
  public readonly peers: IPeer[];
  /** The ports, in the order given, without duplicates (empty = every port). */
  public readonly ports: Port[];

  /**
   * @param verb how callers build this kind of rule, for messages
   * @param everything what "every peer" means for this direction, for messages
   */
  protected constructor(peers: IPeer[], ports: Port[], verb: string, everything: string) {
    if (peers.length === 0) {
      throw new Error(`${verb} needs at least one peer: to allow every ${everything}, pass Peer.anything()`);
    }
    const missingPeer = peers.findIndex((p) => p === undefined || p === null);
    if (missingPeer >= 0) throw new Error(`${verb} got no peer at position ${missingPeer} (undefined): pass a Peer.* value`);
    const missingPort = ports.findIndex((p) => p === undefined || p === null);
    if (missingPort >= 0) throw new Error(`${verb}: port ${missingPort} is undefined: pass a Port.* value`);
    this.peers = uniqueBy(peers, (p) => (Peer._isAnything(p) ? '*' : JSON.stringify(p.toPeerConfig())));
    this.ports = uniqueBy(ports, (p) => JSON.stringify(p._toKube()));
  }

  /** A short human description such as `pods(role=api) on TCP 3306`. */
  public toString(): string {
    const ports = this.ports.length > 0 ? this.ports.map((p) => p.toString()).join(', ') : 'all ports';
    return `${this.peers.map((p) => p.description).join(' or ')} on ${ports}`;
  }

  /** @internal */
  protected _render(peerField: string): KubeRule {
    const rule: KubeRule = {};
    if (!this.peers.some((p) => Peer._isAnything(p))) {
      rule[peerField] = this.peers.map((p) => renderPeer(p.toPeerConfig()));
    }
    if (this.ports.length > 0) rule.ports = this.ports.map((p) => p._toKube());
    return rule;
  }
}

/**
 * An ingress rule: traffic from any of its peers, to any of its ports, is allowed in.
 *
 * TypeScript users write `AllowFrom(peer, ...morePeers).toPort(3306)`; other languages
 * `IngressRule.fromPeers(peer).toPort(3306)`. Both build the same value.
 *
 * @example
 * IngressRule.fromPeers(Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }))).toPort(3306);
 */
export class IngressRule extends PolicyRule {
  /**
   * Allows traffic from any of these peers (on every port until ports are added).
   *
   * @example
   * IngressRule.fromPeers(Peer.namespace('monitoring'), Peer.ipBlock('10.0.0.0/8'));
   */
  public static fromPeers(...peers: IPeer[]): IngressRule {
    return new IngressRule(peers, []);
  }

  // A private member also keeps an EgressRule from passing for an IngressRule (same shape otherwise).
  private readonly peerField = 'from';

  private constructor(peers: IPeer[], ports: Port[]) {
    super(peers, ports, 'AllowFrom() / IngressRule.fromPeers()', 'source');
  }

  /**
   * The same rule, also allowing this TCP port.
   *
   * @example
   * IngressRule.fromPeers(Peer.anything()).toPort(443);
   */
  public toPort(port: number): IngressRule {
    return this.toPorts(Port.tcp(port));
  }

  /**
   * The same rule, also allowing these ports.
   *
   * @example
   * IngressRule.fromPeers(Peer.anything()).toPorts(Port.tcp(80), Port.tcp(443));
   */
  public toPorts(...ports: Port[]): IngressRule {
    return new IngressRule(this.peers, [...this.ports, ...ports]);
  }

  /** @internal */
  public _toKube(): KubeRule {
    return this._render(this.peerField);
  }
}

/**
 * An egress rule: traffic to any of its peers, on any of its ports, is allowed out.
 *
 * TypeScript users write `AllowTo(peer, ...morePeers).toPort(53)`; other languages
 * `EgressRule.toPeers(peer).toPort(53)`. Both build the same value.
 *
 * @example
 * EgressRule.toPeers(Peer.ipBlock('192.168.5.10/32')).toPort(443);
 */
export class EgressRule extends PolicyRule {
  /**
   * Allows traffic to any of these peers (on every port until ports are added).
   *
   * @example
   * EgressRule.toPeers(Peer.namespace('prod'));
   */
  public static toPeers(...peers: IPeer[]): EgressRule {
    return new EgressRule(peers, []);
  }

  private readonly peerField = 'to';

  private constructor(peers: IPeer[], ports: Port[]) {
    super(peers, ports, 'AllowTo() / EgressRule.toPeers()', 'destination');
  }

  /**
   * The same rule, also allowing this TCP port.
   *
   * @example
   * EgressRule.toPeers(Peer.namespace('prod')).toPort(5432);
   */
  public toPort(port: number): EgressRule {
    return this.toPorts(Port.tcp(port));
  }

  /**
   * The same rule, also allowing these ports.
   *
   * @example
   * EgressRule.toPeers(Peer.namespace('kube-system')).toPorts(Port.DNS_UDP, Port.DNS_TCP);
   */
  public toPorts(...ports: Port[]): EgressRule {
    return new EgressRule(this.peers, [...this.ports, ...ports]);
  }

  /** @internal */
  public _toKube(): KubeRule {
    return this._render(this.peerField);
  }
}
