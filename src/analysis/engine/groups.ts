/* eslint-disable no-bitwise */ // Bit sets of groups: the matrix is bit arithmetic.
// The matrix engine: pods that no selector, ipBlock or named port can tell apart form one group;
// every rule is evaluated once per group, and the answer for a pod pair is a bit in a group x group
// matrix. Correctness rests on one fact: every predicate in _evaluate.ts depends only on what the
// group key captures, so evaluating it on a group's representative answers it for every member.
import { peerMatches, portMatches } from './evaluate';
import { Endpoint, Labels, Model, PeerModel, PolicyModel, RuleModel, Selector, selectorMatches } from './model';
import { ParsedIp } from '../../kube/cidr';

export interface PortQuery {
  readonly port: number;
  readonly protocol: string;
}

type Bits = Uint32Array;

function newBits(words: number): Bits {
  return new Uint32Array(words);
}

function has(bits: Bits, i: number): boolean {
  return ((bits[i >>> 5] >>> (i & 31)) & 1) === 1;
}

function set(bits: Bits, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}

function orInto(target: Bits, source: Bits): void {
  for (let w = 0; w < target.length; w++) target[w] |= source[w];
}

function and(a: Bits, b: Bits): Bits {
  const out = newBits(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] & b[w];
  return out;
}

/** Calls `fn` for every set bit. */
function forEachBit(bits: Bits, fn: (i: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

/** What selectors, ipBlocks and named ports can observe; values no selector names collapse to "other". */
interface Vocabulary {
  readonly podValues: Map<string, Set<string>>;
  readonly namespaceValues: Map<string, Set<string>>;
  readonly namedPorts: Set<string>;
  readonly v4Points: number[];
  readonly v6Points: bigint[];
}

function noteSelector(selector: Selector, into: Map<string, Set<string>>): void {
  const values = (key: string) => {
    if (!into.has(key)) into.set(key, new Set());
    return into.get(key)!;
  };
  for (const [k, v] of selector.matchLabels) values(k).add(v);
  for (const r of selector.requirements) for (const v of r.values) values(r.key).add(v);
  for (const r of selector.requirements) values(r.key);
}

function vocabulary(model: Model): Vocabulary {
  const podValues = new Map<string, Set<string>>();
  const namespaceValues = new Map<string, Set<string>>();
  const namedPorts = new Set<string>();
  const v4 = new Set<number>();
  const v6 = new Set<bigint>();
  for (const policy of model.policies) {
    noteSelector(policy.podSelector, podValues);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.podSelector) noteSelector(peer.podSelector, podValues);
        if (peer.namespaceSelector) noteSelector(peer.namespaceSelector, namespaceValues);
        if (peer.ipBlock) {
          for (const c of [peer.ipBlock.cidr, ...peer.ipBlock.excepts]) {
            const size = 1n << BigInt((c.family === 4 ? 32 : 128) - c.prefix);
            if (c.family === 4) {
              v4.add(Number(c.network));
              v4.add(Number(c.network + size));
            } else {
              v6.add(c.network);
              v6.add(c.network + size);
            }
          }
        }
      }
      for (const port of rule.ports ?? []) if (port.name !== undefined) namedPorts.add(`${port.protocol}:${port.name}`);
    }
  }
  return {
    podValues,
    namespaceValues,
    namedPorts,
    v4Points: [...v4].sort((a, b) => a - b),
    v6Points: [...v6].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

function abstractLabels(labels: Labels, values: Map<string, Set<string>>): string {
  const parts: string[] = [];
  for (const k of Object.keys(labels)) {
    const known = values.get(k);
    if (known) parts.push(`${k}=${known.has(labels[k]) ? `v${labels[k]}` : '*'}`);
  }
  return parts.sort().join('\u0001');
}

/** Number of boundary points <= value: equal for addresses that every ipBlock treats alike. */
function interval<T extends number | bigint>(points: readonly T[], value: T): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ipKey(ips: readonly ParsedIp[], v: Vocabulary): string {
  if (ips.length === 0) return '';
  return ips.map((ip) => (ip.family === 4 ? `4:${interval(v.v4Points, Number(ip.value))}` : `6:${interval(v.v6Points, ip.value)}`)).sort().join(',');
}

function groupKey(model: Model, endpoint: Endpoint, v: Vocabulary): string {
  const ips = ipKey(endpoint.ips, v);
  const pod = endpoint.pod;
  if (!pod) return `x\u0002${ips}`;
  // A namespace with policies is told apart by name (its policies and bare podSelector peers);
  // others only by the namespace labels that some namespaceSelector mentions.
  const ns = model.policiesByNamespace.has(pod.namespace)
    ? `#${pod.namespace}`
    : abstractLabels(model.namespaces.get(pod.namespace)!.labels, v.namespaceValues);
  const ports = pod.ports
    .filter((p) => p.name !== undefined && v.namedPorts.has(`${p.protocol}:${p.name}`))
    .map((p) => `${p.protocol}:${p.name}:${p.port}`)
    .sort()
    .join(',');
  return `p\u0002${ns}\u0002${abstractLabels(pod.labels, v.podValues)}\u0002${ips}\u0002${ports}`;
}

/** Numbered ports and protocol-only entries do not depend on the destination. */
const ANY_DESTINATION: Endpoint = { id: '*', index: -1, ips: [] };

/** The allowed-connection matrix of groups, one bit matrix per port. */
export class GroupMatrix {
  /** Words per row. */
  private readonly words: number;

  constructor(
    public readonly groupOf: Int32Array,
    public readonly groupSizes: readonly number[],
    private readonly bits: readonly Bits[],
  ) {
    this.words = (groupSizes.length + 31) >>> 5;
  }

  public get groupCount(): number {
    return this.groupSizes.length;
  }

  /** True when endpoint `source` may reach endpoint `destination` on port number `portIndex`. */
  public isAllowed(source: number, destination: number, portIndex: number): boolean {
    if (source === destination) return true;
    const s = this.groupOf[source];
    const d = this.groupOf[destination];
    return ((this.bits[portIndex][s * this.words + (d >>> 5)] >>> (d & 31)) & 1) === 1;
  }

  /** Allowed ordered pairs (self pairs included) on one port, counted from group sizes. */
  public countAllowed(portIndex: number): number {
    const sizes = this.groupSizes;
    const bits = this.bits[portIndex];
    let total = 0;
    for (let s = 0; s < sizes.length; s++) {
      total += sizes[s]; // self pairs
      const row = bits.subarray(s * this.words, (s + 1) * this.words);
      forEachBit(row, (d) => {
        total += d === s ? sizes[s] * (sizes[s] - 1) : sizes[s] * sizes[d];
      });
    }
    return total;
  }
}

/** Computes the group matrix for each port. */
export function computeMatrix(model: Model, ports: readonly PortQuery[]): GroupMatrix {
  const v = vocabulary(model);
  const endpoints = model.endpoints;

  // Groups and their representatives.
  const keys = new Map<string, number>();
  const groupOf = new Int32Array(endpoints.length);
  const reps: Endpoint[] = [];
  const sizes: number[] = [];
  for (const e of endpoints) {
    const key = groupKey(model, e, v);
    let g = keys.get(key);
    if (g === undefined) {
      g = reps.length;
      keys.set(key, g);
      reps.push(e);
      sizes.push(0);
    }
    groupOf[e.index] = g;
    sizes[g]++;
  }
  const G = reps.length;
  const W = (G + 31) >>> 5;

  const all = newBits(W);
  const allPods = newBits(W);
  const groupsByNamespace = new Map<string, number[]>();
  reps.forEach((rep, g) => {
    set(all, g);
    if (!rep.pod) return;
    set(allPods, g);
    const ns = rep.pod.namespace;
    if (!groupsByNamespace.has(ns)) groupsByNamespace.set(ns, []);
    groupsByNamespace.get(ns)!.push(g);
  });

  const memo = <K, T>(cache: Map<K, T>, key: K, make: () => T): T => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make();
      cache.set(key, value);
    }
    return value;
  };

  const inNamespaceCache = new Map<string, Bits>();
  const inNamespace = (ns: string) => memo(inNamespaceCache, ns, () => {
    const bits = newBits(W);
    for (const g of groupsByNamespace.get(ns) ?? []) set(bits, g);
    return bits;
  });
  const podSelectorCache = new Map<string, Bits>();
  const podsMatching = (selector: Selector) => memo(podSelectorCache, selector.key, () => {
    const bits = newBits(W);
    reps.forEach((rep, g) => {
      if (rep.pod && selectorMatches(selector, rep.pod.labels)) set(bits, g);
    });
    return bits;
  });
  const namespaceSelectorCache = new Map<string, Bits>();
  const namespacesMatching = (selector: Selector) => memo(namespaceSelectorCache, selector.key, () => {
    const bits = newBits(W);
    for (const ns of model.namespaces.values()) {
      if (selectorMatches(selector, ns.labels)) for (const g of groupsByNamespace.get(ns.name) ?? []) set(bits, g);
    }
    return bits;
  });

  // Which groups each peer and each rule's peer list select.
  const peerCache = new Map<string, Bits>();
  const peerGroups = (peer: PeerModel, policyNamespace: string): Bits => {
    if (peer.ipBlock) {
      return memo(peerCache, `ip${peer.ipBlock.key}`, () => {
        const bits = newBits(W);
        reps.forEach((rep, g) => {
          if (peerMatches(model, peer, policyNamespace, rep)) set(bits, g);
        });
        return bits;
      });
    }
    const key = `${peer.namespaceSelector?.key ?? `@${policyNamespace}`}|${peer.podSelector?.key ?? '*'}`;
    return memo(peerCache, key, () => and(
      peer.namespaceSelector ? namespacesMatching(peer.namespaceSelector) : inNamespace(policyNamespace),
      peer.podSelector ? podsMatching(peer.podSelector) : allPods,
    ));
  };
  const ruleCache = new Map<RuleModel, Bits>();
  const ruleGroups = (rule: RuleModel, policy: PolicyModel): Bits => memo(ruleCache, rule, () => {
    if (!rule.peers) return all;
    const bits = newBits(W);
    for (const peer of rule.peers) orInto(bits, peerGroups(peer, policy.namespace));
    return bits;
  });

  // Which isolating policies select each group.
  const ingressPolicies: PolicyModel[][] = reps.map(() => []);
  const egressPolicies: PolicyModel[][] = reps.map(() => []);
  for (const policy of model.policies) {
    const selected = podsMatching(policy.podSelector);
    for (const g of groupsByNamespace.get(policy.namespace) ?? []) {
      if (!has(selected, g)) continue;
      if (policy.ingressIsolated) ingressPolicies[g].push(policy);
      if (policy.egressIsolated) egressPolicies[g].push(policy);
    }
  }
  const ruleIds = new Map<RuleModel, number>();
  for (const policy of model.policies) for (const r of [...policy.ingress, ...policy.egress]) ruleIds.set(r, ruleIds.size);

  const results = ports.map((query) => {
    // Per rule: does it match this port for every destination (true), none (false), or some groups (named ports)?
    const portCache = new Map<RuleModel, boolean | Bits>();
    const portClass = (rule: RuleModel) => memo(portCache, rule, (): boolean | Bits => {
      if (!rule.ports) return true;
      const plain = rule.ports.filter((p) => p.name === undefined);
      if (plain.some((p) => portMatches(p, ANY_DESTINATION, query.port, query.protocol))) return true;
      const named = rule.ports.filter((p) => p.name !== undefined && p.protocol === query.protocol);
      if (named.length === 0) return false;
      const bits = newBits(W);
      reps.forEach((rep, g) => {
        if (named.some((p) => portMatches(p, rep, query.port, query.protocol))) set(bits, g);
      });
      return bits;
    });

    // Sources each destination group accepts; undefined = not isolated.
    const ingressCache = new Map<string, Bits>();
    const accepts: (Bits | undefined)[] = reps.map((_, d) => {
      if (ingressPolicies[d].length === 0) return undefined;
      const included: [RuleModel, PolicyModel][] = [];
      for (const policy of ingressPolicies[d]) {
        for (const rule of policy.ingress) {
          const c = portClass(rule);
          if (c === true || (c !== false && has(c, d))) included.push([rule, policy]);
        }
      }
      return memo(ingressCache, included.map(([r]) => ruleIds.get(r)).join(','), () => {
        const bits = newBits(W);
        for (const [rule, policy] of included) orInto(bits, ruleGroups(rule, policy));
        return bits;
      });
    });

    // Destinations each source group may send to; undefined = not isolated.
    const egressCache = new Map<string, Bits>();
    const sends: (Bits | undefined)[] = reps.map((_, s) => {
      if (egressPolicies[s].length === 0) return undefined;
      return memo(egressCache, egressPolicies[s].map((p) => p.index).join(','), () => {
        const bits = newBits(W);
        for (const policy of egressPolicies[s]) {
          for (const rule of policy.egress) {
            const c = portClass(rule);
            if (c === false) continue;
            const peers = ruleGroups(rule, policy);
            orInto(bits, c === true ? peers : and(peers, c));
          }
        }
        return bits;
      });
    });

    // Row s = sends(s) AND {d : accepts(d) contains s}; fill the transposed ingress by distinct accept sets.
    const matrix = newBits(G * W);
    const open = newBits(W);
    const byAcceptSet = new Map<Bits, number[]>();
    accepts.forEach((a, d) => {
      if (a === undefined) set(open, d);
      else memo(byAcceptSet, a, () => []).push(d);
    });
    for (let s = 0; s < G; s++) matrix.set(open, s * W);
    for (const [a, ds] of byAcceptSet) {
      if (ds.length > W) {
        const mask = newBits(W);
        for (const d of ds) set(mask, d);
        forEachBit(a, (s) => {
          const base = s * W;
          for (let w = 0; w < W; w++) matrix[base + w] |= mask[w];
        });
      } else {
        forEachBit(a, (s) => {
          const base = s * W;
          for (const d of ds) matrix[base + (d >>> 5)] |= 1 << (d & 31);
        });
      }
    }
    sends.forEach((e, s) => {
      if (!e) return;
      const base = s * W;
      for (let w = 0; w < W; w++) matrix[base + w] &= e[w];
    });
    return matrix;
  });

  return new GroupMatrix(groupOf, sizes, results);
}
