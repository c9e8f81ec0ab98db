import type * as kplus from 'cdk8s-plus-28';
import { LabelExpression, LabelSelector, LabelSelectorConfig } from './selector';
import { exceptProblem, isStrictSubnet, parseCidrOrThrow } from '../kube/cidr';
import { describeLabelSelector } from '../kube/objects';
import { dns1123LabelErrors, NAMESPACE_NAME_LABEL } from '../kube/syntax';

/**
 * An `ipBlock` as Kubernetes writes it.
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
 * Implement it to offer your own peers (a well-known service, a team's namespaces).
 */
export interface IPeer {
  /** A short human description, used in messages. */
  readonly description: string;
  /** Renders the peer as one `from`/`to` entry. */
  toPeerConfig(): PeerConfig;
}

class SelectorPeer implements IPeer {
  constructor(public readonly description: string, private readonly config: PeerConfig) {}

  public toPeerConfig(): PeerConfig {
    return this.config;
  }
}

/** "Anything": the rule has no `from`/`to`, so every source or destination matches, inside or outside the cluster. */
class AnythingPeer implements IPeer {
  public readonly description = 'anything';

  public toPeerConfig(): PeerConfig {
    return {};
  }
}

function checkNamespaceName(name: string): void {
  const errors = dns1123LabelErrors(name);
  if (errors.length > 0) throw new Error(`invalid namespace name "${name}": ${errors.join('; ')}`);
}

function namespacesByName(names: string[]): LabelSelector {
  if (names.length === 0) {
    throw new Error('namespacesNamed() needs at least one namespace name: to select every namespace use Peer.allNamespaces()');
  }
  names.forEach(checkNamespaceName);
  const unique = [...new Set(names)];
  return unique.length === 1
    ? LabelSelector.matchLabels({ [NAMESPACE_NAME_LABEL]: unique[0] })
    : LabelSelector.of({ expressions: [LabelExpression.isIn(NAMESPACE_NAME_LABEL, unique)] });
}

function describe(selector: LabelSelector): string {
  if (selector.isAll) return '{}';
  const config = selector.toConfig();
  return describeLabelSelector(config.matchLabels ?? {}, (config.matchExpressions ?? []).map((e) => ({ ...e, values: e.values ?? [] })));
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

/** Both selectors must hold: labels merged (a conflict can never match), expressions concatenated. */
function andSelectors(selectors: LabelSelectorConfig[], where: string): LabelSelectorConfig {
  const matchLabels: { [key: string]: string } = {};
  const matchExpressions = selectors.flatMap((s) => s.matchExpressions ?? []);
  for (const [key, value] of selectors.flatMap((s) => Object.entries(s.matchLabels ?? {}))) {
    if (matchLabels[key] !== undefined && matchLabels[key] !== value) {
      throw new Error(`${where} asks for label ${key}=${matchLabels[key]} and ${key}=${value} at once, which nothing matches`);
    }
    matchLabels[key] = value;
  }
  return {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
}

/**
 * Factories for the peers of a rule.
 *
 * Each factory returns one `from`/`to` entry. Several peers in one rule are OR'ed; the AND of pods
 * and namespaces is its own factory, `podsInNamespaces`, so the one-dash/two-dash YAML trap cannot happen.
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
    return new SelectorPeer(`pods(${describe(selector)})`, { podSelector: selector.toConfig() });
  }

  /**
   * Every pod of the policy's own namespace (`podSelector: {}`).
   */
  public static allPodsInNamespace(): IPeer {
    return Peer.pods(LabelSelector.all());
  }

  /**
   * Every pod of the namespaces that match `selector` (`namespaceSelector` only).
   *
   * @example
   * Peer.namespaces(LabelSelector.matchLabels({ team: 'operations' }));
   */
  public static namespaces(selector: LabelSelector): IPeer {
    return new SelectorPeer(`namespaces(${describe(selector)})`, { namespaceSelector: selector.toConfig() });
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
    return new SelectorPeer(`namespaces(${names.join(',')})`, { namespaceSelector: namespacesByName(names).toConfig() });
  }

  /**
   * Every pod of every namespace in the cluster (`namespaceSelector: {}`); not traffic from outside.
   */
  public static allNamespaces(): IPeer {
    return Peer.namespaces(LabelSelector.all());
  }

  /**
   * Pods that match `pods` in the namespaces that match `namespaces`: both must hold (one peer entry).
   *
   * @example
   * Peer.podsInNamespaces(
   *   LabelSelector.matchLabels({ type: 'monitoring' }),
   *   LabelSelector.matchLabels({ team: 'operations' }),
   * );
   */
  public static podsInNamespaces(pods: LabelSelector, namespaces: LabelSelector): IPeer {
    return new SelectorPeer(`pods(${describe(pods)}) in namespaces(${describe(namespaces)})`, {
      podSelector: pods.toConfig(),
      namespaceSelector: namespaces.toConfig(),
    });
  }

  /**
   * Pods that match `pods` in the namespace called `name`.
   *
   * @example
   * Peer.podsInNamespace('kube-system', LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' }));
   */
  public static podsInNamespace(name: string, pods: LabelSelector): IPeer {
    return new SelectorPeer(`pods(${describe(pods)}) in namespace ${name}`, {
      podSelector: pods.toConfig(),
      namespaceSelector: namespacesByName([name]).toConfig(),
    });
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
   * This is the explicit way to say "every source" or "every destination".
   */
  public static anything(): IPeer {
    return new AnythingPeer();
  }

  /**
   * The pods that a cdk8s-plus selector selects: a workload (Deployment, StatefulSet, ...),
   * a `Pods.select(...)` or `Pods.all(...)`, with the namespaces it names.
   *
   * @example
   * // Peer.workload(new kplus.Deployment(chart, 'Api', { containers: [{ image: 'api' }] }));
   */
  public static workload(selector: kplus.IPodSelector): IPeer {
    const config = selector.toPodSelectorConfig();
    const podSelector: LabelSelectorConfig = config.labelSelector._toKube() as LabelSelectorConfig;
    // Namespaces named AND labelled: both must hold, as the cdk8s-plus selector says.
    const names = config.namespaces?.names ?? [];
    const namespaceParts: LabelSelectorConfig[] = [];
    if (names.length > 0) namespaceParts.push(namespacesByName(names).toConfig());
    if (config.namespaces?.labelSelector) namespaceParts.push(config.namespaces.labelSelector._toKube() as LabelSelectorConfig);
    const namespaceSelector = namespaceParts.length > 0 ? andSelectors(namespaceParts, `the namespaces of ${selector.node.path}`) : undefined;
    const where = namespaceSelector ? ` in namespaces(${names.join(',') || '...'})` : '';
    return new SelectorPeer(`pods of ${selector.node.path}${where}`, namespaceSelector ? { podSelector, namespaceSelector } : { podSelector });
  }

  /** @internal */
  public static _isAnything(peer: IPeer): boolean {
    return peer instanceof AnythingPeer;
  }

  protected constructor() {}
}
