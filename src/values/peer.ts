import { IConstruct } from 'constructs';
import { deepFreeze } from './_immutable';
import { podSelectionOf } from './_kplus';
import { LabelExpression, LabelSelector, LabelSelectorConfig } from './selector';
import { exceptProblem, isStrictSubnet, parseCidrOrThrow } from '../kube/cidr';
import { compileSelector, describeSelector } from '../kube/selectors';
import { dns1123LabelErrors, NAMESPACE_NAME_LABEL } from '../kube/syntax';

/**
 * An `ipBlock`: Kubernetes' `cidr` and `except`, with `except` spelled `exceptCidrs` because `except` is a
 * reserved word in Python.
 */
export interface IpBlockConfig {
  /** The allowed range. */
  readonly cidr: string;
  /**
   * Ranges inside `cidr` that are not allowed (rendered as `except`).
   * @default - none
   */
  readonly exceptCidrs?: string[];
}

/**
 * One entry of a rule's `from`/`to` list as Kubernetes writes it.
 *
 * `podSelector` and `namespaceSelector` together select pods in namespaces (AND);
 * `ipBlock` stands alone.
 */
export interface PeerConfig {
  /**
   * Pods, in the policy's namespace unless `namespaceSelector` is set.
   * @default - no pod constraint
   */
  readonly podSelector?: LabelSelectorConfig;
  /**
   * Namespaces.
   * @default - the policy's namespace when `podSelector` is set
   */
  readonly namespaceSelector?: LabelSelectorConfig;
  /**
   * An IP range.
   * @default - no IP range
   */
  readonly ipBlock?: IpBlockConfig;
}

/**
 * The other side of a rule: where ingress comes from, or where egress goes to.
 *
 * Implement it to offer your own peers (a well-known service, a team's namespaces). A rule reads
 * `toPeerConfig()` once, when it is built, so changing what a peer returns later changes no rule.
 */
export interface IPeer {
  /** A short human description, used in messages. */
  readonly description: string;
  /** Renders the peer as one `from`/`to` entry. */
  toPeerConfig(): PeerConfig;
}

/**
 * Pods in namespaces: both must hold, in one peer entry (`podSelector` AND `namespaceSelector`).
 *
 * Give `namespaces`, `namespaceNames`, or both (then a namespace must match both).
 */
export interface PodsInNamespacesOptions {
  /** The pods, looked for in each selected namespace. */
  readonly pods: LabelSelector;
  /**
   * The namespaces, by label (`LabelSelector.all()` for every namespace).
   * @default - no label constraint; `namespaceNames` must be given
   */
  readonly namespaces?: LabelSelector;
  /**
   * The namespaces, by name: any of them (`kubernetes.io/metadata.name`).
   * @default - no name constraint; `namespaces` must be given
   */
  readonly namespaceNames?: string[];
}

/** A plain copy of a peer's config: nothing handed out is shared with what a peer renders. */
function copyConfig(config: PeerConfig): PeerConfig {
  return JSON.parse(JSON.stringify(config));
}

class SelectorPeer implements IPeer {
  // Private fields: nothing outside the class can assign them (cheaper than fields made read-only one by one).
  readonly #description: string | (() => string);
  readonly #config: PeerConfig;

  /**
   * @param description the description, or how to make it when it is asked for (messages only)
   * @param config plain data made for this peer alone: frozen and kept, not copied
   */
  constructor(description: string | (() => string), config: PeerConfig) {
    this.#description = description;
    this.#config = deepFreeze(config);
  }

  public get description(): string {
    const description = this.#description;
    return typeof description === 'string' ? description : description();
  }

  private get config(): PeerConfig {
    return this.#config;
  }

  public toPeerConfig(): PeerConfig {
    return copyConfig(this.config);
  }

  /** The config itself, deep-frozen: shared by the rules of this library, never handed out. */
  public frozenConfig(): PeerConfig {
    return this.#config;
  }
}

/** "Anything": the rule has no `from`/`to`, so every source or destination matches, inside or outside the cluster. */
class AnythingPeer implements IPeer {
  public readonly description = 'anything';

  public toPeerConfig(): PeerConfig {
    return {};
  }
}

function checkNamespaceName(name: string, where: string): void {
  if (typeof name !== 'string') throw new Error(`invalid namespace name ${JSON.stringify(name)} in ${where}: namespace names are strings`);
  const errors = dns1123LabelErrors(name);
  if (errors.length > 0) throw new Error(`invalid namespace name "${name}" in ${where}: ${errors.join('; ')}`);
}

function namespacesByName(names: readonly string[], where: string): LabelSelector {
  if (!Array.isArray(names) || names.length === 0) {
    throw new Error(`${where} needs at least one namespace name: to select every namespace use Peer.allNamespaces()`);
  }
  names.forEach((n) => checkNamespaceName(n, where));
  const unique = [...new Set(names)];
  return unique.length === 1
    ? LabelSelector.matchLabels({ [NAMESPACE_NAME_LABEL]: unique[0] })
    : LabelSelector.of({ expressions: [LabelExpression.isIn(NAMESPACE_NAME_LABEL, unique)] });
}

/** The selector in the notation every tool of this library shows (`{app=web, tier in (a,b)}`). */
function describe(selector: LabelSelector): string {
  return describeSelector(compileSelector(selector.toConfig()));
}

/** Checks an ipBlock and returns it in canonical form (RFC 5952 for IPv6), as the API server prefers it. */
function canonicalIpBlock(cidr: string, exceptCidrs: string[]): IpBlockConfig {
  const outer = parseCidrOrThrow(cidr, 'ipBlock cidr');
  const excepts: string[] = [];
  for (const text of exceptCidrs) {
    const inner = parseCidrOrThrow(text, 'ipBlock except');
    if (!isStrictSubnet(outer, inner)) throw new Error(`invalid ipBlock except "${text}": ${exceptProblem(outer, inner)}`);
    if (excepts.includes(inner.canonical)) throw new Error(`ipBlock except lists "${text}" twice: remove the duplicate`);
    excepts.push(inner.canonical);
  }
  return excepts.length > 0 ? { cidr: outer.canonical, exceptCidrs: excepts } : { cidr: outer.canonical };
}

/** Pods AND namespaces (names AND labels when both are given), as one peer. */
function podsInNamespaces(
  pods: LabelSelector, names: readonly string[] | undefined, labels: LabelSelector | undefined, where: string, description: string | (() => string),
): IPeer {
  const parts: LabelSelector[] = [];
  if (names !== undefined) parts.push(namespacesByName(names, where));
  if (labels !== undefined) parts.push(labels);
  if (parts.length === 0) {
    throw new Error(`${where} needs namespaces, namespaceNames or both: for pods of the policy's own namespace use Peer.pods(), for pods of every namespace namespaces: LabelSelector.all()`);
  }
  const namespaceSelector = LabelSelector._and(parts, `the namespaces of ${where}`);
  return new SelectorPeer(description, { podSelector: pods.toConfig(), namespaceSelector: namespaceSelector.toConfig() });
}

function describeNamespaces(names: readonly string[] | undefined, labels: LabelSelector | undefined): string {
  const parts: string[] = [];
  if (names !== undefined) parts.push(names.length === 1 ? `namespace ${names[0]}` : `namespaces(${names.join(',')})`);
  if (labels !== undefined) parts.push(`namespaces(${describe(labels)})`);
  return parts.join(' and ');
}

/**
 * Factories for the peers of a rule.
 *
 * Each factory returns one `from`/`to` entry. Several peers in one rule are OR'ed; the AND of pods
 * and namespaces is its own factory, `podsInNamespaces`, so the one-dash/two-dash YAML trap cannot happen.
 * Peers are immutable values: `toPeerConfig()` returns a new object on every call.
 *
 * @example
 * Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }));
 */
export class Peer {
  /**
   * Pods of the policy's own namespace that match `selector` (`podSelector` only).
   *
   * @example
   * Peer.pods(LabelSelector.matchLabels({ role: 'frontend' }));
   */
  public static pods(selector: LabelSelector): IPeer {
    return new SelectorPeer(() => `pods(${describe(selector)})`, { podSelector: selector.toConfig() });
  }

  /**
   * Every pod of the policy's own namespace (`podSelector: {}`), whichever namespace that is.
   *
   * @example
   * Peer.allPodsInPolicyNamespace();
   */
  public static allPodsInPolicyNamespace(): IPeer {
    return Peer.pods(LabelSelector.all());
  }

  /**
   * Every pod of the policy's own namespace (`podSelector: {}`).
   *
   * @deprecated use `Peer.allPodsInPolicyNamespace()`, which says whose namespace it means
   */
  public static allPodsInNamespace(): IPeer {
    return Peer.allPodsInPolicyNamespace();
  }

  /**
   * Every pod of the namespaces that match `selector` (`namespaceSelector` only).
   *
   * @example
   * Peer.namespaces(LabelSelector.matchLabels({ team: 'operations' }));
   */
  public static namespaces(selector: LabelSelector): IPeer {
    return new SelectorPeer(() => `namespaces(${describe(selector)})`, { namespaceSelector: selector.toConfig() });
  }

  /**
   * Every pod of the namespace called `name` (by its `kubernetes.io/metadata.name` label).
   *
   * @example
   * Peer.namespace('monitoring');
   */
  public static namespace(name: string): IPeer {
    return Peer.namespacesNamed([name]);
  }

  /**
   * Every pod of the namespaces with these names (one peer, `kubernetes.io/metadata.name In (...)`).
   *
   * @example
   * Peer.namespacesNamed(['monitoring', 'logging']);
   */
  public static namespacesNamed(names: string[]): IPeer {
    const selector = namespacesByName(names, 'namespacesNamed()');
    return new SelectorPeer(`namespaces(${names.join(',')})`, { namespaceSelector: selector.toConfig() });
  }

  /**
   * Every pod of every namespace in the cluster (`namespaceSelector: {}`); not traffic from outside.
   */
  public static allNamespaces(): IPeer {
    return Peer.namespaces(LabelSelector.all());
  }

  /**
   * Pods that match `pods` in the namespaces that match `namespaces` and/or are named in
   * `namespaceNames`: all must hold (one peer entry with both selectors).
   *
   * The options are named, so pods and namespaces cannot be swapped by accident.
   *
   * @example
   * Peer.podsInNamespaces({
   *   pods: LabelSelector.matchLabels({ type: 'monitoring' }),
   *   namespaces: LabelSelector.matchLabels({ team: 'operations' }),
   * });
   * Peer.podsInNamespaces({ pods: LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' }), namespaceNames: ['kube-system'] });
   */
  public static podsInNamespaces(options: PodsInNamespacesOptions): IPeer {
    if (options instanceof LabelSelector) {
      // JavaScript callers of the 0.x positional form podsInNamespaces(pods, namespaces): same peer, one release.
      // eslint-disable-next-line prefer-rest-params
      return Peer.podsInNamespaces({ pods: options, namespaces: arguments[1] });
    }
    const where = 'Peer.podsInNamespaces()';
    if (!(options?.pods instanceof LabelSelector)) throw new Error(`${where} needs pods: a LabelSelector (LabelSelector.all() for every pod)`);
    const { pods, namespaces, namespaceNames } = options;
    // Described when asked for (messages), from a copy of the names taken now.
    const names = Array.isArray(namespaceNames) ? [...namespaceNames] : namespaceNames;
    const description = () => `pods(${describe(pods)}) in ${describeNamespaces(names, namespaces)}`;
    return podsInNamespaces(pods, namespaceNames, namespaces, where, description);
  }

  /**
   * Pods that match `pods` in the namespace called `name`.
   *
   * @deprecated use `Peer.podsInNamespaces({ pods, namespaceNames: [name] })`, whose named options cannot be swapped
   */
  public static podsInNamespace(name: string, pods: LabelSelector): IPeer {
    return Peer.podsInNamespaces({ pods, namespaceNames: [name] });
  }

  /**
   * An IP range (IPv4 or IPv6), minus the ranges in `exceptCidrs`.
   *
   * The range is checked now: a valid CIDR with no bits set past the prefix, and every exception
   * strictly inside it and of the same family.
   *
   * @param cidr the range, e.g. `10.0.0.0/16` or `2001:db8::/32`
   * @param exceptCidrs ranges inside `cidr` to leave out
   * @example
   * Peer.ipBlock('172.17.0.0/16', ['172.17.1.0/24']);
   */
  public static ipBlock(cidr: string, exceptCidrs: string[] = []): IPeer {
    const ipBlock = canonicalIpBlock(cidr, exceptCidrs);
    const suffix = ipBlock.exceptCidrs ? ` except ${ipBlock.exceptCidrs.join(',')}` : '';
    return new SelectorPeer(`ipBlock(${ipBlock.cidr}${suffix})`, { ipBlock });
  }

  /**
   * Every IPv4 address (`0.0.0.0/0`), minus `exceptCidrs`.
   */
  public static anyIpv4(exceptCidrs: string[] = []): IPeer {
    return Peer.ipBlock('0.0.0.0/0', exceptCidrs);
  }

  /**
   * Every IPv6 address (`::/0`), minus `exceptCidrs`.
   */
  public static anyIpv6(exceptCidrs: string[] = []): IPeer {
    return Peer.ipBlock('::/0', exceptCidrs);
  }

  /**
   * Anything at all, inside or outside the cluster: the rule gets no `from`/`to` list.
   *
   * This is the explicit way to say "every source" or "every destination";
   * `IngressRule.fromAnywhere()` and `EgressRule.toAnywhere()` say the same about a whole rule.
   */
  public static anything(): IPeer {
    return new AnythingPeer();
  }

  /**
   * The pods that a cdk8s-plus pod selector selects, in the namespaces it selects: a workload
   * (Deployment, StatefulSet, DaemonSet, Job, CronJob), a Pod, `Pods.select(...)` or `Pods.all(...)`,
   * of any cdk8s-plus 2.x (cdk8s-plus-28 to -34; read at run time, so this library loads none).
   *
   * Labels and expressions are taken exactly (an empty label value matches only the empty value);
   * namespace names and namespace labels of `Pods.select(..., { namespaces })` must both hold.
   * A workload is selected by the labels you gave it: its own selector (`select(...)`) without
   * cdk8s-plus' `cdk8s.io/metadata.addr`, else its pod template labels (`podMetadata`); the
   * `cdk8s.io/metadata.addr` label (which follows the construct path) only when you gave none.
   * A Service is refused: policies match pods and container ports, not Services.
   *
   * A workload or Pod is looked for in its namespace (its own, or its Chart's). A workload without
   * one is refused: where its pods run is decided only when the manifest is applied (kubectl's
   * current namespace or `-n`), and a peer written now cannot follow it. Give it a namespace, or,
   * to mean the policy's own namespace, say so with `Peer.pods(LabelSelector.fromPodSelector(workload))`.
   * `Pods.select(...)` without namespaces means the policy's own namespace, as in cdk8s-plus.
   *
   * @example
   * // const api = new kplus.Deployment(chart, 'Api', { metadata: { namespace: 'shop' }, containers: [{ image: 'api' }] });
   * // AllowFrom(Peer.fromPodSelector(api)).toPort(5432);
   */
  public static fromPodSelector(selector: IConstruct): IPeer {
    const caller = 'Peer.fromPodSelector()';
    const selection = podSelectionOf(selector, caller);
    const where = `${caller} of ${selection.path}`;
    const pods = LabelSelector._read(selection.pods, `the pod selector of ${selection.path}`);
    const names = selection.namespaceNames;
    const labels = selection.namespaceSelector ? LabelSelector._read(selection.namespaceSelector, `the namespace selector of ${selection.path}`) : undefined;
    if (names === undefined && labels === undefined) {
      if (selection.isWorkload) {
        throw new Error(
          `${where}: the workload has no namespace, so where its pods run is decided only when the manifest is applied `
          + '(kubectl\'s current namespace, or -n), and a peer cannot follow it. Give it a namespace (metadata: { namespace: \'shop\' }, '
          + 'or a namespace on its Chart); or, to mean the policy\'s own namespace, say so: Peer.pods(LabelSelector.fromPodSelector(workload))',
        );
      }
      return new SelectorPeer(`pods of ${selection.path}`, { podSelector: pods.toConfig() });
    }
    return podsInNamespaces(pods, names, labels, where, `pods of ${selection.path} in ${describeNamespaces(names, labels)}`);
  }

  /**
   * The pods that a cdk8s-plus selector selects.
   *
   * @deprecated use `Peer.fromPodSelector()`, the same conversion under the name `LabelSelector` also uses
   */
  public static workload(selector: IConstruct): IPeer {
    return Peer.fromPodSelector(selector);
  }

  /** @internal */
  public static _isAnything(peer: IPeer): boolean {
    return peer instanceof AnythingPeer;
  }

  /**
   * The deep-frozen config of a peer made by these factories (what `toPeerConfig()` copies), or undefined
   * for any other IPeer, whose `toPeerConfig()` must be called and copied.
   * @internal
   */
  public static _frozenConfigOf(peer: IPeer): PeerConfig | undefined {
    return peer instanceof SelectorPeer ? peer.frozenConfig() : undefined;
  }

  protected constructor() {}
}
