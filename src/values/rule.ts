import { deepFreeze } from './_immutable';
import { IPeer, Peer, PeerConfig } from './peer';
import { Port } from './port';
import { KubeRule, uniqueBy } from '../kube/json';

/**
 * A plain deep copy of a custom peer's config: what a rule keeps and renders is never shared with anyone. Its
 * label values are checked first: JSON drops an `undefined` value, which would widen the selector
 * (`{team: undefined}` would become `{}`, every pod).
 */
function snapshot(config: PeerConfig, peer: IPeer): PeerConfig {
  for (const field of ['podSelector', 'namespaceSelector'] as const) {
    const selector = config?.[field];
    for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
      if (typeof value !== 'string') {
        throw new Error(`peer "${peer.description}": ${field}.matchLabels["${key}"] is ${JSON.stringify(value) ?? 'undefined'}: label values are strings (write "" for an empty value)`);
      }
    }
    (selector?.matchExpressions ?? []).forEach((e, i) => (e.values ?? []).forEach((value, j) => {
      if (typeof value !== 'string') {
        throw new Error(`peer "${peer.description}": ${field}.matchExpressions[${i}].values[${j}] is ${JSON.stringify(value) ?? 'undefined'}: label values are strings`);
      }
    }));
  }
  return JSON.parse(JSON.stringify(config ?? {}));
}

/** One `from`/`to` entry as a fresh plain copy (for `_toKube()`, whose caller may change it). */
function renderPeer(config: PeerConfig): { [field: string]: unknown } {
  const copy: PeerConfig = JSON.parse(JSON.stringify(config));
  const out: { [field: string]: unknown } = {};
  if (copy.podSelector) out.podSelector = copy.podSelector;
  if (copy.namespaceSelector) out.namespaceSelector = copy.namespaceSelector;
  if (copy.ipBlock) {
    const { cidr, exceptCidrs } = copy.ipBlock;
    out.ipBlock = exceptCidrs && exceptCidrs.length > 0 ? { cidr, except: exceptCidrs } : { cidr };
  }
  return out;
}

/** The same entry, frozen, sharing the (deep-frozen) config it is made of. */
function frozenPeer(config: PeerConfig): { [field: string]: unknown } {
  const out: { [field: string]: unknown } = {};
  if (config.podSelector) out.podSelector = config.podSelector;
  if (config.namespaceSelector) out.namespaceSelector = config.namespaceSelector;
  if (config.ipBlock) {
    const { cidr, exceptCidrs } = config.ipBlock;
    out.ipBlock = Object.freeze(exceptCidrs && exceptCidrs.length > 0 ? { cidr, except: exceptCidrs } : { cidr });
  }
  return Object.freeze(out);
}

/** A peer with the config it had when the rule was built. */
interface HeldPeer {
  readonly peer: IPeer;
  /** undefined for Peer.anything(); deep-frozen */
  readonly config?: PeerConfig;
}

/**
 * The peers arrays that `toPort()`/`toPorts()` pass to the constructor, with the held peers they came from:
 * a rule built from another one takes them as they are instead of reading and copying every peer again.
 */
const HELD_OF = new WeakMap<readonly IPeer[], readonly HeldPeer[]>();

/** A port's rendering, frozen (shared by a Port of this library, made here for any other). */
function frozenPort(port: Port): KubeRule {
  const own = (port as { _frozenKube?: () => KubeRule })._frozenKube;
  return typeof own === 'function' ? own.call(port) : deepFreeze(port._toKube() as KubeRule);
}

/**
 * What ingress and egress rules share: peers (OR'ed) and ports (OR'ed); a connection must match
 * one peer AND one port.
 *
 * No ports means every port of every protocol. A rule is an immutable value: it reads each peer's
 * config once, when it is built, and `peers`/`ports` return copies, so no caller can change what it renders.
 */
export abstract class PolicyRule {
  // Private fields (nothing outside the class can assign them) holding frozen data, read through the
  // getters below: cheaper to build than fields made read-only one by one.
  readonly #held: readonly HeldPeer[];
  readonly #portList: readonly Port[];
  /** The ports as rendered when the rule was built. */
  readonly #portConfigs: readonly KubeRule[];
  /** The rendering, frozen, made when first asked for (a rule never changes). */
  #frozen?: KubeRule;

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
    let held = HELD_OF.get(peers);
    if (held === undefined) {
      // The wrappers are ours to freeze; the peers themselves may be jsii-managed objects.
      const fresh = peers.map((peer): HeldPeer => Object.freeze(Peer._isAnything(peer)
        ? { peer }
        : { peer, config: Peer._frozenConfigOf(peer) ?? deepFreeze(snapshot(peer.toPeerConfig(), peer)) }));
      held = fresh.length > 1 ? uniqueBy(fresh, (h) => (h.config === undefined ? '*' : JSON.stringify(h.config))) : fresh;
    }
    this.#held = Object.freeze(held);
    this.#portList = Object.freeze(ports.length > 1 ? uniqueBy(ports, (p) => JSON.stringify(p._toKube())) : [...ports]);
    this.#portConfigs = Object.freeze(this.#portList.map(frozenPort));
  }

  /** The peers, in the order given, without duplicates; a copy, so changing it changes nothing. */
  public get peers(): IPeer[] {
    return this.#held.map((h) => h.peer);
  }

  /** The ports, in the order given, without duplicates (empty = every port); a copy, so changing it changes nothing. */
  public get ports(): Port[] {
    return [...this.#portList];
  }

  private get held(): readonly HeldPeer[] {
    return this.#held;
  }

  private get portList(): readonly Port[] {
    return this.#portList;
  }

  private get portConfigs(): readonly KubeRule[] {
    return this.#portConfigs;
  }

  /** True when the rule allows every peer (`Peer.anything()`): it renders no `from`/`to` list. */
  private get anywhere(): boolean {
    return this.#held.some((h) => h.config === undefined);
  }

  /** A short human description such as `pods(role=api) on TCP 3306`. */
  public toString(): string {
    const ports = this.portList.length > 0 ? this.portList.map((p) => p.toString()).join(', ') : 'all ports';
    return `${this.held.map((h) => h.peer.description).join(' or ')} on ${ports}`;
  }

  /**
   * The peers, for the constructor of a rule built from this one (`toPorts()`): it keeps them as held here.
   * @internal
   */
  protected _peersToExtend(): IPeer[] {
    const peers = this.#held.map((h) => h.peer);
    HELD_OF.set(peers, this.#held);
    return peers;
  }

  /** @internal */
  protected _render(peerField: string): KubeRule {
    const rule: KubeRule = {};
    if (!this.anywhere) rule[peerField] = this.#held.map((h) => renderPeer(h.config!));
    if (this.portConfigs.length > 0) rule.ports = this.portConfigs.map((p) => ({ ...p }));
    return rule;
  }

  /**
   * What `_render` returns, deep-frozen and made once: for readers that never hand it out unfrozen.
   * @internal
   */
  protected _renderFrozen(peerField: string): KubeRule {
    if (this.#frozen === undefined) {
      const rule: KubeRule = {};
      if (!this.anywhere) rule[peerField] = Object.freeze(this.#held.map((h) => frozenPeer(h.config!)));
      if (this.#portConfigs.length > 0) rule.ports = this.#portConfigs;
      this.#frozen = Object.freeze(rule);
    }
    return this.#frozen;
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

  /**
   * Allows traffic from anywhere, inside or outside the cluster (no `from` list; on every port until
   * ports are added). The same as `IngressRule.fromPeers(Peer.anything())`.
   *
   * @example
   * IngressRule.fromAnywhere().toPort(443);
   */
  public static fromAnywhere(): IngressRule {
    return new IngressRule([Peer.anything()], []);
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
    return new IngressRule(this._peersToExtend(), [...this.ports, ...ports]);
  }

  /** @internal */
  public _toKube(): KubeRule {
    return this._render(this.peerField);
  }

  /**
   * The rendering, deep-frozen and shared between calls.
   * @internal
   */
  public _toKubeFrozen(): KubeRule {
    return this._renderFrozen(this.peerField);
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

  /**
   * Allows traffic to anywhere, inside or outside the cluster (no `to` list; on every port until
   * ports are added). The same as `EgressRule.toPeers(Peer.anything())`.
   *
   * @example
   * EgressRule.toAnywhere().toPort(443);
   */
  public static toAnywhere(): EgressRule {
    return new EgressRule([Peer.anything()], []);
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
    return new EgressRule(this._peersToExtend(), [...this.ports, ...ports]);
  }

  /** @internal */
  public _toKube(): KubeRule {
    return this._render(this.peerField);
  }

  /**
   * The rendering, deep-frozen and shared between calls.
   * @internal
   */
  public _toKubeFrozen(): KubeRule {
    return this._renderFrozen(this.peerField);
  }
}
