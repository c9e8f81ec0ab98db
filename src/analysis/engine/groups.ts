/* eslint-disable no-bitwise */ // Group numbers are bits of Uint32Array words; the engine is bit arithmetic.
// The matrix engine: pods that no selector, ipBlock or named port can tell apart form one group;
// every rule is evaluated once per group, never per pod pair. Correctness rests on one fact: every
// predicate in evaluate.ts depends only on what the group key captures, so evaluating it on a group's
// representative answers it for every member.
//
// Per port, the matrix is kept factored, never as groups x groups:
// - each destination group that some ingress policy isolates points to its accept set, the union of the
//   peers of every rule that admits the port at that destination (named ports resolve per destination);
// - each source group that some egress policy isolates points to its send set, the union over its egress
//   rules of peers (and, for named ports, of the destinations where the name resolves to the port);
// - groups with identical rule lists share one set, and an unisolated direction admits everything.
// A pair of groups is allowed when the source's send set holds the destination AND the destination's
// accept set holds the source: two bit look-ups. Counts are weighted sums over words (WeightTable).
import { Bits, BitsArena, forEachBit, forEachSpanBit, has, newBits, set, Span, spanHas, toSpan, unionOfSpans, WeightTable, wordsFor } from './bits';
import { portMatches } from './evaluate';
import { Endpoint, ipBlockMatches, Labels, Model, PeerModel, PolicyModel, RuleModel, Selector, selectorMatches } from './model';
import { ParsedIp } from '../../kube/cidr';

export interface PortQuery {
  readonly port: number;
  readonly protocol: string;
}

/** What selectors, ipBlocks and named ports can observe; values no selector names collapse to "other". */
interface Vocabulary {
  readonly podValues: Map<string, Set<string>>;
  readonly namespaceValues: Map<string, Set<string>>;
  /** The keys of podValues and namespaceValues, sorted. */
  readonly podKeys: readonly string[];
  readonly namespaceKeys: readonly string[];
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
  const seenBlocks = new Set<string>();
  for (const policy of model.policies) {
    noteSelector(policy.podSelector, podValues);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.podSelector) noteSelector(peer.podSelector, podValues);
        if (peer.namespaceSelector) noteSelector(peer.namespaceSelector, namespaceValues);
        if (peer.ipBlock && !seenBlocks.has(peer.ipBlock.key)) {
          seenBlocks.add(peer.ipBlock.key);
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
    podKeys: [...podValues.keys()].sort(),
    namespaceKeys: [...namespaceValues.keys()].sort(),
    namedPorts,
    v4Points: [...v4].sort((a, b) => a - b),
    v6Points: [...v6].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

function abstractLabels(labels: Labels, values: Map<string, Set<string>>, sortedKeys: readonly string[]): string {
  const parts: string[] = [];
  const keys = Object.keys(labels);
  if (sortedKeys.length <= keys.length) {
    // Few keys that selectors name: look them up, already in order (label values are strings, nothing inherited is).
    for (const k of sortedKeys) {
      const value = labels[k];
      if (typeof value === 'string') parts.push(`${k}=${values.get(k)!.has(value) ? `v${value}` : '*'}`);
    }
    return parts.join('\u0001');
  }
  for (const k of keys.sort()) {
    const known = values.get(k);
    if (known) parts.push(`${k}=${known.has(labels[k]) ? `v${labels[k]}` : '*'}`);
  }
  return parts.join('\u0001');
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

function groupKey(model: Model, endpoint: Endpoint, v: Vocabulary, namespaceKeys: Map<string, string>): string {
  const ips = ipKey(endpoint.ips, v);
  const pod = endpoint.pod;
  if (!pod) return `x\u0002${ips}`;
  // A namespace with policies is told apart by name (its policies and bare podSelector peers);
  // others only by the namespace labels that some namespaceSelector mentions.
  let ns = namespaceKeys.get(pod.namespace);
  if (ns === undefined) {
    ns = model.policiesByNamespace.has(pod.namespace)
      ? `#${pod.namespace}`
      : abstractLabels(model.namespaces.get(pod.namespace)!.labels, v.namespaceValues, v.namespaceKeys);
    namespaceKeys.set(pod.namespace, ns);
  }
  const ports = pod.ports.length === 0 ? '' : pod.ports
    .filter((p) => p.name !== undefined && v.namedPorts.has(`${p.protocol}:${p.name}`))
    .map((p) => `${p.protocol}:${p.name}:${p.port}`)
    .sort()
    .join(',');
  return `p\u0002${ns}\u0002${abstractLabels(pod.labels, v.podValues, v.podKeys)}\u0002${ips}\u0002${ports}`;
}

/** Numbered ports and protocol-only entries do not depend on the destination. */
const ANY_DESTINATION: Endpoint = { id: '*', index: -1, ips: [] };

/** One port's factored matrix: per group, the index of its set (or -1: that direction is not isolated). */
interface PortSets {
  readonly sendsOf: Int32Array;
  readonly sends: readonly Span[];
  readonly acceptsOf: Int32Array;
  readonly accepts: readonly Span[];
}

/** The allowed-connection matrix of groups, one factored matrix per port. */
export class GroupMatrix {
  private readonly counts: (number | undefined)[];
  private weightTable?: WeightTable;

  constructor(
    public readonly groupOf: Int32Array,
    public readonly groupSizes: readonly number[],
    private readonly ports: readonly PortSets[],
  ) {
    this.counts = ports.map(() => undefined);
  }

  public get groupCount(): number {
    return this.groupSizes.length;
  }

  /** True when a member of group `s` may reach a (different) member of group `d` on port number `k`. */
  public groupAllows(s: number, d: number, k: number): boolean {
    const p = this.ports[k];
    const e = p.sendsOf[s];
    if (e >= 0 && !spanHas(p.sends[e], d)) return false;
    const a = p.acceptsOf[d];
    return a < 0 || spanHas(p.accepts[a], s);
  }

  /** True when endpoint `source` may reach endpoint `destination` on port number `portIndex`. */
  public isAllowed(source: number, destination: number, portIndex: number): boolean {
    if (source === destination) return true;
    return this.groupAllows(this.groupOf[source], this.groupOf[destination], portIndex);
  }

  /** Allowed ordered pairs (self pairs included) on one port, counted from group sizes. */
  public countAllowed(portIndex: number): number {
    let total = this.counts[portIndex];
    if (total === undefined) {
      total = this.count(portIndex);
      this.counts[portIndex] = total;
    }
    return total;
  }

  /**
   * Allowed ordered pairs between blocks of endpoints (such as namespaces) on port `k`, as B x B counts
   * (rows from, columns to). A group lies in one block (`blockOf[g]`), or in several: then `blockOf[g]`
   * is -1 and `spread.get(g)` lists [block, members]. Its cost is that of `countAllowed` plus one step per
   * destination bit of each send set towards unisolated destinations, never groups x groups.
   */
  public countByBlock(k: number, blockOf: Int32Array, spread: ReadonlyMap<number, readonly (readonly [number, number])[]>, B: number): number[] {
    const p = this.ports[k];
    const sizes = this.groupSizes;
    const G = sizes.length;
    const counts = new Array<number>(B * B).fill(0);
    const membersOf = (g: number): readonly (readonly [number, number])[] => spread.get(g) ?? [[blockOf[g], sizes[g]]];
    const { open, byAccept } = this.destinationsByAcceptSet(p);

    // Open destinations: per send set, the weight of its reach per destination block, times its sources per source block.
    const sourcesBySend = new Map<number, number[]>();
    for (let s = 0; s < G; s++) {
      const e = p.sendsOf[s];
      let list = sourcesBySend.get(e);
      if (!list) sourcesBySend.set(e, list = []);
      list.push(s);
    }
    const toBlock = new Float64Array(B);
    const fromBlock = new Float64Array(B);
    for (const [e, sources] of sourcesBySend) {
      const to: number[] = [];
      const visit = (d: number) => {
        for (const [b, n] of membersOf(d)) {
          if (toBlock[b] === 0) to.push(b);
          toBlock[b] += n;
        }
      };
      if (e < 0) forEachBit(open, visit);
      else forEachSpanBit(p.sends[e], open, visit);
      if (to.length > 0) {
        const from: number[] = [];
        for (const s of sources) {
          for (const [a, n] of membersOf(s)) {
            if (fromBlock[a] === 0) from.push(a);
            fromBlock[a] += n;
          }
        }
        for (const a of from) for (const b of to) counts[a * B + b] += fromBlock[a] * toBlock[b];
        for (const a of from) fromBlock[a] = 0;
      }
      for (const b of to) toBlock[b] = 0;
    }

    // Isolated destinations, per accept set: its sources gathered by (send set, source block), against its destinations.
    const weights = new Map<number, number>();
    byAccept.forEach((ds, a) => {
      if (ds.length === 0) return;
      weights.clear();
      forEachSpanBit(p.accepts[a], undefined, (s) => {
        const key = (p.sendsOf[s] + 1) * B;
        for (const [blk, n] of membersOf(s)) weights.set(key + blk, (weights.get(key + blk) ?? 0) + n);
      });
      for (const [key, weight] of weights) {
        const e = Math.floor(key / B) - 1;
        const row = (key % B) * B;
        for (const d of ds) {
          if (e >= 0 && !spanHas(p.sends[e], d)) continue;
          for (const [b, n] of membersOf(d)) counts[row + b] += weight * n;
        }
      }
    });

    // Self pairs are always allowed; an allowed group's own pairs already include them.
    for (let g = 0; g < G; g++) {
      if (this.groupAllows(g, g, k)) continue;
      for (const [blk, n] of membersOf(g)) counts[blk * B + blk] += n;
    }
    return counts;
  }

  private destinationsByAcceptSet(p: PortSets): { open: Bits; byAccept: number[][] } {
    const G = this.groupSizes.length;
    const open = newBits(wordsFor(G));
    const byAccept: number[][] = p.accepts.map(() => []);
    for (let d = 0; d < G; d++) {
      const a = p.acceptsOf[d];
      if (a < 0) set(open, d);
      else byAccept[a].push(d);
    }
    return { open, byAccept };
  }

  private count(k: number): number {
    const p = this.ports[k];
    const sizes = this.groupSizes;
    const G = sizes.length;
    const W = wordsFor(G);
    this.weightTable ??= new WeightTable(sizes);
    const table = this.weightTable;
    // Below, an allowed group g counts size x size pairs within itself (its self pairs included);
    // a denied one counts none, so add its self pairs, which are always allowed.
    let total = 0;
    for (let g = 0; g < G; g++) if (!this.groupAllows(g, g, k)) total += sizes[g];
    const { open, byAccept } = this.destinationsByAcceptSet(p);
    // Open destinations, per send set: weight of sources x weight of (send set AND open).
    const sourceWeight = new Map<number, number>();
    for (let s = 0; s < G; s++) sourceWeight.set(p.sendsOf[s], (sourceWeight.get(p.sendsOf[s]) ?? 0) + sizes[s]);
    for (const [e, weight] of sourceWeight) total += weight * (e < 0 ? table.sum(open) : table.sumSpan(p.sends[e], open));
    // Isolated destinations, per accept set: its sources, gathered by send set, against its destinations.
    const sendWeight = new Float64Array(p.sends.length + 1); // [e + 1]: weight of the set's sources with send set e
    const touched = new Int32Array(p.sends.length + 1);
    // Sources whose egress is not isolated reach every destination: weighed a word at a time.
    const egressOpen = newBits(W);
    for (let s = 0; s < G; s++) if (p.sendsOf[s] < 0) set(egressOpen, s);
    byAccept.forEach((ds, a) => {
      if (ds.length === 0) return;
      let dsWeight = 0;
      for (const d of ds) dsWeight += sizes[d];
      const { lo, words } = p.accepts[a];
      total += table.sumSpan(p.accepts[a], egressOpen) * dsWeight;
      let n = 0;
      for (let w = 0; w < words.length; w++) {
        let word = words[w] & ~egressOpen[lo + w];
        while (word !== 0) {
          const low = word & -word;
          const s = ((lo + w) << 5) + 31 - Math.clz32(low);
          word ^= low;
          const e1 = p.sendsOf[s] + 1;
          if (sendWeight[e1] === 0) touched[n++] = e1;
          sendWeight[e1] += sizes[s];
        }
      }
      let mask: Bits | undefined;
      for (let t = 0; t < n; t++) {
        const e1 = touched[t];
        const weight = sendWeight[e1];
        sendWeight[e1] = 0;
        if (e1 === 0) {
          total += weight * dsWeight;
        } else if (ds.length <= 32) {
          const sends = p.sends[e1 - 1];
          let reached = 0;
          for (const d of ds) if (spanHas(sends, d)) reached += sizes[d];
          total += weight * reached;
        } else {
          if (!mask) {
            mask = newBits(W);
            for (const d of ds) set(mask, d);
          }
          total += weight * table.sumSpan(p.sends[e1 - 1], mask);
        }
      }
    });
    return total;
  }
}

/** Finds groups by label (key=value) and by IP, so that a selector or ipBlock looks only at likely groups. */
class GroupIndex {
  private readonly byLabel = new Map<string, Map<string, number[]>>();
  private readonly v4: { value: number; group: number }[] = [];
  private readonly v6: { value: bigint; group: number }[] = [];

  constructor(reps: readonly Endpoint[]) {
    reps.forEach((rep, g) => {
      if (rep.pod) {
        for (const [k, v] of Object.entries(rep.pod.labels)) {
          let values = this.byLabel.get(k);
          if (!values) this.byLabel.set(k, values = new Map());
          let groups = values.get(v);
          if (!groups) values.set(v, groups = []);
          groups.push(g);
        }
      }
      for (const ip of rep.ips) {
        if (ip.family === 4) this.v4.push({ value: Number(ip.value), group: g });
        else this.v6.push({ value: ip.value, group: g });
      }
    });
    this.v4.sort((a, b) => a.value - b.value);
    this.v6.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** Groups that may match `selector` (a superset), or undefined: any pod group may. */
  public candidates(selector: Selector): readonly number[] | undefined {
    let best: readonly number[] | undefined;
    for (const [k, v] of selector.matchLabels) {
      const groups = this.byLabel.get(k)?.get(v) ?? [];
      if (!best || groups.length < best.length) best = groups;
    }
    for (const r of selector.requirements) {
      if (r.operator !== 'In') continue;
      const values = this.byLabel.get(r.key);
      const groups = r.values.flatMap((v) => values?.get(v) ?? []);
      if (!best || groups.length < best.length) best = groups;
    }
    return best;
  }

  /** Groups with an IP inside the CIDR of `block` (a superset of those the block matches). */
  public withIpIn(cidr: { family: number; network: bigint; prefix: number }): number[] {
    const size = 1n << BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
    const out: number[] = [];
    const scan = <T extends number | bigint>(list: { value: T; group: number }[], lo: T, hi: T) => {
      let a = 0;
      let b = list.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (list[mid].value < lo) a = mid + 1;
        else b = mid;
      }
      for (let i = a; i < list.length && list[i].value < hi; i++) out.push(list[i].group);
    };
    if (cidr.family === 4) scan(this.v4, Number(cidr.network), Number(cidr.network + size));
    else scan(this.v6, cidr.network, cidr.network + size);
    return out;
  }
}

/** Groups of endpoints: each endpoint's group, each group's size and representative. */
export interface Grouping {
  readonly groupOf: Int32Array;
  readonly sizes: number[];
  readonly reps: Endpoint[];
}

export function groupEndpoints(model: Model): Grouping {
  const v = vocabulary(model);
  const keys = new Map<string, number>();
  const namespaceKeys = new Map<string, string>();
  const groupOf = new Int32Array(model.endpoints.length);
  const reps: Endpoint[] = [];
  const sizes: number[] = [];
  for (const e of model.endpoints) {
    const key = groupKey(model, e, v, namespaceKeys);
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
  return { groupOf, sizes, reps };
}

function memo<K, T>(cache: Map<K, T>, key: K, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** Computes the group matrix for each port. */
export function computeMatrix(model: Model, ports: readonly PortQuery[]): GroupMatrix {
  const { groupOf, sizes, reps } = groupEndpoints(model);
  const G = reps.length;
  const W = wordsFor(G);
  const index = new GroupIndex(reps);

  const arena = new BitsArena(W);
  const all = newBits(W);
  const allPods = newBits(W);
  const podGroups: number[] = [];
  const groupsByNamespace = new Map<string, number[]>();
  reps.forEach((rep, g) => {
    set(all, g);
    if (!rep.pod) return;
    set(allPods, g);
    podGroups.push(g);
    const ns = rep.pod.namespace;
    if (!groupsByNamespace.has(ns)) groupsByNamespace.set(ns, []);
    groupsByNamespace.get(ns)!.push(g);
  });

  const inNamespaceCache = new Map<string, Bits>();
  const inNamespace = (ns: string) => memo(inNamespaceCache, ns, () => {
    const bits = arena.alloc();
    for (const g of groupsByNamespace.get(ns) ?? []) set(bits, g);
    return bits;
  });
  const podSelectorCache = new Map<string, Bits>();
  const podsMatching = (selector: Selector) => memo(podSelectorCache, selector.key, () => {
    const bits = arena.alloc();
    for (const g of index.candidates(selector) ?? podGroups) if (selectorMatches(selector, reps[g].pod!.labels)) set(bits, g);
    return bits;
  });
  const namespaceSelectorCache = new Map<string, Bits>();
  const namespacesMatching = (selector: Selector) => memo(namespaceSelectorCache, selector.key, () => {
    const bits = arena.alloc();
    for (const ns of model.namespaces.values()) {
      if (selectorMatches(selector, ns.labels)) for (const g of groupsByNamespace.get(ns.name) ?? []) set(bits, g);
    }
    return bits;
  });

  // Which groups each peer and each rule's peer list select.
  const scratch = newBits(W);
  const peerCache = new Map<string, Span>();
  const peerGroups = (peer: PeerModel, policyNamespace: string): Span => {
    if (peer.ipBlock) {
      const block = peer.ipBlock;
      return memo(peerCache, `ip${block.key}`, () => {
        scratch.fill(0);
        for (const g of index.withIpIn(block.cidr)) if (ipBlockMatches(block, reps[g].ips)) set(scratch, g);
        return toSpan(scratch, arena);
      });
    }
    const key = `${peer.namespaceSelector?.key ?? `@${policyNamespace}`}|${peer.podSelector?.key ?? '*'}`;
    return memo(peerCache, key, () => {
      const a = peer.namespaceSelector ? namespacesMatching(peer.namespaceSelector) : inNamespace(policyNamespace);
      const b = peer.podSelector ? podsMatching(peer.podSelector) : allPods;
      for (let w = 0; w < W; w++) scratch[w] = a[w] & b[w];
      return toSpan(scratch, arena);
    });
  };
  const allSpan = toSpan(all, arena);
  const ruleCache = new Map<RuleModel, Span>();
  const ruleGroups = (rule: RuleModel, policy: PolicyModel): Span => memo(ruleCache, rule, () => {
    if (!rule.peers) return allSpan;
    const peers = rule.peers.map((peer) => peerGroups(peer, policy.namespace));
    return unionOfSpans(peers, peers.map(() => undefined), arena);
  });

  // Which isolating policies select each group: a policy selects pods of its own namespace only.
  const ingressPolicies: PolicyModel[][] = reps.map(() => []);
  const egressPolicies: PolicyModel[][] = reps.map(() => []);
  // Policies of a namespace often share a podSelector: match each (namespace, selector) once.
  const selectedCache = new Map<string, number[]>();
  for (const policy of model.policies) {
    if (!policy.ingressIsolated && !policy.egressIsolated) continue;
    const selected = memo(selectedCache, `${policy.namespace}\u0000${policy.podSelector.key}`, () =>
      (groupsByNamespace.get(policy.namespace) ?? []).filter((g) => selectorMatches(policy.podSelector, reps[g].pod!.labels)));
    for (const g of selected) {
      if (policy.ingressIsolated) ingressPolicies[g].push(policy);
      if (policy.egressIsolated) egressPolicies[g].push(policy);
    }
  }
  const ruleIds = new Map<RuleModel, number>();
  for (const policy of model.policies) for (const r of [...policy.ingress, ...policy.egress]) ruleIds.set(r, ruleIds.size);

  // Sets are shared across ports: a set is named by the rules (and named-port sets) that make it.
  const setCache = new Map<string, Span>();
  const namedIds = new Map<Bits, number>();
  const namedId = (bits: Bits) => memo(namedIds, bits, () => namedIds.size);

  const results = ports.map((query): PortSets => {
    // Per rule: does it match this port for every destination (true), none (false), or some groups (named ports)?
    const portCache = new Map<RuleModel, boolean | Bits>();
    const namedCache = new Map<string, Bits>();
    const portClass = (rule: RuleModel) => memo(portCache, rule, (): boolean | Bits => {
      if (!rule.ports) return true;
      const plain = rule.ports.filter((p) => p.name === undefined);
      if (plain.some((p) => portMatches(p, ANY_DESTINATION, query.port, query.protocol))) return true;
      const named = rule.ports.filter((p) => p.name !== undefined && p.protocol === query.protocol);
      if (named.length === 0) return false;
      return memo(namedCache, named.map((p) => p.name).sort().join('\u0001'), () => {
        const bits = arena.alloc();
        reps.forEach((rep, g) => {
          if (named.some((p) => portMatches(p, rep, query.port, query.protocol))) set(bits, g);
        });
        return bits;
      });
    });

    // Ingress: the rules that admit this port at each isolated destination.
    const accepts: Span[] = [];
    const acceptIndex = new Map<string, number>();
    const acceptsOf = new Int32Array(G).fill(-1);
    for (let d = 0; d < G; d++) {
      if (ingressPolicies[d].length === 0) continue;
      const included: [RuleModel, PolicyModel][] = [];
      for (const policy of ingressPolicies[d]) {
        for (const rule of policy.ingress) {
          const c = portClass(rule);
          if (c === true || (c !== false && has(c, d))) included.push([rule, policy]);
        }
      }
      const key = `i${included.map(([r]) => ruleIds.get(r)).join(',')}`;
      acceptsOf[d] = memo(acceptIndex, key, () => {
        accepts.push(memo(setCache, key, () => {
          const spans = included.map(([rule, policy]) => ruleGroups(rule, policy));
          return unionOfSpans(spans, spans.map(() => undefined), arena);
        }));
        return accepts.length - 1;
      });
    }

    // Egress: the destinations each isolated source may send to on this port.
    const sends: Span[] = [];
    const sendIndex = new Map<string, number>();
    const sendsOf = new Int32Array(G).fill(-1);
    for (let s = 0; s < G; s++) {
      if (egressPolicies[s].length === 0) continue;
      const included: [RuleModel, PolicyModel, true | Bits][] = [];
      for (const policy of egressPolicies[s]) {
        for (const rule of policy.egress) {
          const c = portClass(rule);
          if (c !== false) included.push([rule, policy, c]);
        }
      }
      const key = `e${included.map(([r, , c]) => `${ruleIds.get(r)}${c === true ? '' : `:${namedId(c)}`}`).join(',')}`;
      sendsOf[s] = memo(sendIndex, key, () => {
        sends.push(memo(setCache, key, () => unionOfSpans(
          included.map(([rule, policy]) => ruleGroups(rule, policy)),
          included.map(([, , c]) => (c === true ? undefined : c)),
          arena,
        )));
        return sends.length - 1;
      });
    }
    return { sendsOf, sends, acceptsOf, accepts };
  });

  return new GroupMatrix(groupOf, sizes, results);
}
