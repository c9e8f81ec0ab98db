/* eslint-disable no-bitwise */ // The reference evaluator's IP math is bit arithmetic.
// Property-based tests:
// 1. policies built with our constructs give the same matrix whether analysed as synthesized
//    objects or re-read from the YAML text;
// 2. the grouped matrix (and allowed()) agree with a naive per-pair evaluator written here, from
//    the Kubernetes rules, on random manifests full of edge cases (absent vs empty lists, defaulted
//    policyTypes, named ports, ipBlocks with except, external IPs, pods without IPs).
import { Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { classicCluster } from './_fixtures';
import { EgressRule, IngressRule, IPeer, LabelExpression, LabelSelector, NetworkPolicy, Peer, PolicyType, Port, Protocol, Reachability } from '../../src';
import { blockCounts } from '../../src/analysis/engine/blocks';
import { computeMatrix } from '../../src/analysis/engine/groups';
import { loadModel } from '../../src/analysis/engine/model';

const PORTS = ['53/UDP', '80/TCP', '80/UDP', '81/TCP', '81/SCTP'];
const EXTERNALS = ['203.0.113.5', '8.8.8.8', 'fd00::99'];

// ---------------------------------------------------------------------------------------------
// 1. constructs -> synth -> objects vs YAML

const podValue = fc.constantFrom('a', 'b', 'c');
const podKey = fc.constantFrom('pod', 'tier');
const expression = fc.oneof(
  fc.tuple(podKey, fc.uniqueArray(fc.constantFrom('a', 'b', 'web', 'api'), { minLength: 1, maxLength: 2 })).map(([k, v]) => LabelExpression.isIn(k, v)),
  fc.tuple(podKey, fc.uniqueArray(fc.constantFrom('a', 'c', 'api'), { minLength: 1, maxLength: 2 })).map(([k, v]) => LabelExpression.isNotIn(k, v)),
  podKey.map((k) => LabelExpression.exists(k)),
  podKey.map((k) => LabelExpression.doesNotExist(k)),
);
const podSelectorValue = fc.oneof(
  fc.constant(null).map(() => LabelSelector.all()),
  podValue.map((v) => LabelSelector.matchLabels({ pod: v })),
  fc.tuple(fc.option(podValue, { nil: undefined }), fc.array(expression, { minLength: 1, maxLength: 2 }))
    .map(([v, expressions]) => LabelSelector.of({ labels: v ? { pod: v } : undefined, expressions })),
);
const namespaceSelectorValue = fc.oneof(
  fc.constant(null).map(() => LabelSelector.all()),
  fc.constantFrom('x', 'y', 'z').map((v) => LabelSelector.matchLabels({ ns: v })),
  fc.constantFrom('prod', 'dev').map((v) => LabelSelector.matchLabels({ env: v })),
  fc.constant(null).map(() => LabelSelector.of({ expressions: [LabelExpression.doesNotExist('env')] })),
);
const peerValue: fc.Arbitrary<IPeer> = fc.oneof(
  podSelectorValue.map((s) => Peer.pods(s)),
  namespaceSelectorValue.map((s) => Peer.namespaces(s)),
  fc.tuple(podSelectorValue, namespaceSelectorValue).map(([p, n]) => Peer.podsInNamespaces({ pods: p, namespaces: n })),
  fc.constantFrom('x', 'y', 'z').map((n) => Peer.namespace(n)),
  fc.constant(null).map(() => Peer.namespacesNamed(['x', 'z'])),
  fc.constant(null).map(() => Peer.allNamespaces()),
  fc.constant(null).map(() => Peer.allPodsInPolicyNamespace()),
  fc.constant(null).map(() => Peer.anything()),
  fc.constantFrom<[string, string[]]>(
    ['10.0.0.0/8', []],
    ['10.0.2.0/24', ['10.0.2.1/32']],
    ['0.0.0.0/0', ['10.0.0.0/8']],
    ['203.0.113.0/24', []],
  ).map(([cidr, except]) => Peer.ipBlock(cidr, except)),
);
const portValue = fc.oneof(
  fc.constantFrom(80, 81).map((p) => Port.tcp(p)),
  fc.constantFrom(53, 80).map((p) => Port.udp(p)),
  fc.constant(null).map(() => Port.sctp(81)),
  fc.constant(null).map(() => Port.tcpRange(80, 81)),
  fc.constantFrom('web', 'metrics').map((n) => Port.named(n)),
  fc.constant(null).map(() => Port.named('udp-80', Protocol.UDP)),
  fc.constant(null).map(() => Port.allUdp()),
);
const ruleParts = fc.tuple(fc.array(peerValue, { minLength: 1, maxLength: 3 }), fc.array(portValue, { maxLength: 2 }));
const constructPolicy = fc.record({
  namespace: fc.constantFrom('x', 'y', 'z'),
  podSelector: podSelectorValue,
  ingress: fc.array(ruleParts.map(([peers, ports]) => IngressRule.fromPeers(...peers).toPorts(...ports)), { maxLength: 2 }),
  egress: fc.array(ruleParts.map(([peers, ports]) => EgressRule.toPeers(...peers).toPorts(...ports)), { maxLength: 2 }),
  isolate: fc.subarray([PolicyType.INGRESS, PolicyType.EGRESS]),
});

// ---------------------------------------------------------------------------------------------
// 2. random manifests and a naive reference evaluator

const nsLabelsValue = fc.record({ env: fc.constantFrom('prod', 'dev'), team: fc.constantFrom('a', 'b') }, { requiredKeys: [] });
const rawSelector = (keys: string[], values: string[]) => fc.record({
  matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }),
  matchExpressions: fc.array(fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }) }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  ), { maxLength: 2 }),
}, { requiredKeys: [] });
const rawPodSelector = rawSelector(['app', 'tier'], ['a', 'b', 'web']);
const rawNamespaceSelector = rawSelector(['env', 'team', 'kubernetes.io/metadata.name'], ['prod', 'dev', 'a', 'x', 'y']);
const rawPeer = fc.oneof(
  fc.record({ podSelector: rawPodSelector }),
  fc.record({ namespaceSelector: rawNamespaceSelector }),
  fc.record({ podSelector: rawPodSelector, namespaceSelector: rawNamespaceSelector }),
  fc.constantFrom(
    { cidr: '10.0.0.0/8' },
    { cidr: '10.0.1.0/24', except: ['10.0.1.2/32'] },
    { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
    { cidr: '203.0.113.0/24' },
    { cidr: 'fd00::/8', except: ['fd00::/120'] },
  ).map((ipBlock) => ({ ipBlock })),
);
const rawPort = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom('web', 'dns') }, { requiredKeys: ['port'] }),
  fc.record({ port: fc.constantFrom(53, 80, 81) }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(53, 80, 81) }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constant(53), endPort: fc.constantFrom(80, 81) }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom('web', 'dns') }, { requiredKeys: ['port'] }),
);
const rawRule = (peerField: string) => fc.record({
  [peerField]: fc.array(rawPeer, { maxLength: 2 }),
  ports: fc.array(rawPort, { maxLength: 2 }),
}, { requiredKeys: [] });
const rawPolicy = fc.record({
  namespace: fc.constantFrom('x', 'y', 'z'),
  spec: fc.record({
    podSelector: rawPodSelector,
    policyTypes: fc.oneof(fc.constant([]), fc.subarray(['Ingress', 'Egress'], { minLength: 1 })),
    ingress: fc.array(rawRule('from'), { maxLength: 2 }),
    egress: fc.array(rawRule('to'), { maxLength: 2 }),
  }, { requiredKeys: [] }),
});
const containerPort = fc.constantFrom(
  { containerPort: 80, name: 'web' },
  { containerPort: 81, name: 'web' },
  { containerPort: 53, protocol: 'UDP', name: 'dns' },
  { containerPort: 80, protocol: 'UDP', name: 'dns' },
  { containerPort: 81, protocol: 'SCTP' },
);
const rawPod = fc.record({
  namespace: fc.constantFrom('x', 'y', 'z'),
  // Few label sets, so that pods often share a group and only ports or IPs tell them apart.
  labels: fc.constantFrom({ app: 'a' }, { app: 'b' }, { app: 'a', tier: 'web' }, { tier: 'db' }, {}),
  ip: fc.option(fc.constantFrom('10.0.1.1', '10.0.1.2', '10.0.2.7', 'fd00::1', 'fd00::1:1'), { nil: undefined, freq: 2 }),
  ports: fc.uniqueArray(containerPort, { maxLength: 2, selector: (p) => p.name ?? p.containerPort }),
});
const rawCluster = fc.record({
  namespaces: fc.record({
    x: fc.option(nsLabelsValue, { nil: undefined }),
    y: fc.option(nsLabelsValue, { nil: undefined }),
    z: fc.option(nsLabelsValue, { nil: undefined }),
  }),
  pods: fc.array(rawPod, { minLength: 1, maxLength: 10 }),
  policies: fc.array(rawPolicy, { maxLength: 5 }),
  externals: fc.subarray(EXTERNALS),
});
type RawCluster = typeof rawCluster extends fc.Arbitrary<infer T> ? T : never;

function manifestsOf(c: RawCluster): any[] {
  const out: any[] = [];
  for (const [name, labels] of Object.entries(c.namespaces)) {
    if (labels) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  }
  c.pods.forEach((p, i) => out.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: p.namespace, labels: p.labels },
    spec: { containers: [{ name: 'c', ports: p.ports }] },
    ...(p.ip ? { status: { podIP: p.ip } } : {}),
  }));
  c.policies.forEach((p, i) => out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: p.namespace }, spec: p.spec }));
  return out;
}

// The reference evaluator: direct, per pair, on the raw manifests.

interface RefEndpoint {
  readonly name: string;
  readonly pod?: { namespace: string; labels: any; ports: any[] };
  readonly ip?: string;
}

function ipValue(ip: string): { v6: boolean; value: bigint } {
  if (!ip.includes(':')) return { v6: false, value: ip.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n) };
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return { v6: true, value: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, len] = cidr.split('/');
  const a = ipValue(ip);
  const n = ipValue(net);
  if (a.v6 !== n.v6) return false;
  const bits = BigInt(a.v6 ? 128 : 32);
  const shift = bits - BigInt(Number(len));
  return a.value >> shift === n.value >> shift;
}

function refSelects(selector: any, labels: any): boolean {
  const sel = selector ?? {};
  if (Object.entries(sel.matchLabels ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  return (sel.matchExpressions ?? []).every((e: any) => {
    const present = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In') return present && e.values.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !present || !e.values.includes(labels[e.key]);
    if (e.operator === 'Exists') return present;
    return !present;
  });
}

function refAllowed(c: RawCluster, source: RefEndpoint, dest: RefEndpoint, port: number, protocol: string): boolean {
  if (source === dest) return true;
  const nsLabels = (ns: string) => ({ ...(c.namespaces as any)[ns] ?? {}, 'kubernetes.io/metadata.name': ns });
  const peerHits = (peer: any, policyNs: string, e: RefEndpoint): boolean => {
    if (peer.ipBlock) return !!e.ip && inCidr(e.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((x: string) => inCidr(e.ip!, x));
    if (!e.pod) return false;
    const nsOk = peer.namespaceSelector ? refSelects(peer.namespaceSelector, nsLabels(e.pod.namespace)) : e.pod.namespace === policyNs;
    return nsOk && (!peer.podSelector || refSelects(peer.podSelector, e.pod.labels));
  };
  const portHits = (p: any): boolean => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (typeof p.port === 'string') return (dest.pod?.ports ?? []).some((cp: any) => cp.name === p.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port);
    if (p.port === undefined) return true;
    return p.endPort === undefined ? p.port === port : p.port <= port && port <= p.endPort;
  };
  const side = (e: RefEndpoint, type: string, field: 'ingress' | 'egress', peerField: string, other: RefEndpoint): boolean => {
    if (!e.pod) return true;
    const isolating = c.policies.filter((p) => {
      if (p.namespace !== e.pod!.namespace || !refSelects(p.spec.podSelector, e.pod!.labels)) return false;
      const types: readonly string[] = p.spec.policyTypes && p.spec.policyTypes.length > 0
        ? p.spec.policyTypes
        : ['Ingress', ...(p.spec.egress && p.spec.egress.length > 0 ? ['Egress'] : [])];
      return types.includes(type);
    });
    if (isolating.length === 0) return true;
    return isolating.some((p) => ((p.spec as any)[field] ?? []).some((rule: any) => {
      const peers = rule[peerField] ?? [];
      const ports = rule.ports ?? [];
      return (peers.length === 0 || peers.some((peer: any) => peerHits(peer, p.namespace, other)))
        && (ports.length === 0 || ports.some(portHits));
    }));
  };
  return side(source, 'Egress', 'egress', 'to', dest) && side(dest, 'Ingress', 'ingress', 'from', source);
}

function refEndpoints(c: RawCluster): RefEndpoint[] {
  const pods = c.pods.map((p, i) => ({ name: `${p.namespace}/p${i}`, pod: { namespace: p.namespace, labels: p.labels, ports: p.ports }, ip: p.ip }));
  return [...pods, ...c.externals.map((ip) => ({ name: ip, ip }))];
}

describe('Reachability', () => {
  test('property: construct-built policies give the same matrix as objects and as re-read YAML', () => {
    fc.assert(fc.property(fc.array(constructPolicy, { minLength: 1, maxLength: 4 }), fc.subarray(EXTERNALS), (specs, externals) => {
      const chart = Testing.chart();
      specs.forEach((s, i) => {
        const np = new NetworkPolicy(chart, `P${i}`, { metadata: { namespace: s.namespace }, podSelector: s.podSelector, ingress: s.ingress, egress: s.egress });
        for (const d of s.isolate) np.isolate(d);
        if (s.ingress.length === 0 && s.egress.length === 0 && s.isolate.length === 0) np.isolate(PolicyType.INGRESS);
      });
      const objects = [...classicCluster(), ...Testing.synth(chart)];
      const text = Yaml.stringify(...objects);
      const fromObjects = Reachability.fromManifests(objects, { externalIps: externals }).matrix(PORTS).toJson();
      const fromYaml = Reachability.fromYaml(text, { externalIps: externals }).matrix(PORTS).toJson();
      expect(fromYaml).toEqual(fromObjects);
    }), { numRuns: 150 });
  });

  test('property: the grouped matrix and allowed() agree with a naive per-pair evaluator', () => {
    fc.assert(fc.property(rawCluster, (cluster) => {
      const r = Reachability.fromManifests(manifestsOf(cluster), { externalIps: cluster.externals });
      const m = r.matrix(PORTS);
      const endpoints = refEndpoints(cluster);
      const byName = new Map(endpoints.map((e) => [e.name, e]));
      expect(m.pods.slice().sort()).toEqual(endpoints.map((e) => e.name).sort());
      PORTS.forEach((label, k) => {
        const [port, protocol] = [Number(label.split('/')[0]), label.split('/')[1]];
        m.pods.forEach((s, i) => m.pods.forEach((d, j) => {
          const want = refAllowed(cluster, byName.get(s)!, byName.get(d)!, port, protocol);
          const got = m.isAllowedAt(i, j, k);
          if (got !== want) throw new Error(`matrix: ${s} -> ${d} on ${label}: got ${got}, reference ${want}\n${r.allowed(s, d, port, protocol as Protocol).explanation}`);
          expect(r.allowed(s, d, port, protocol as Protocol).allowed).toBe(want);
        }));
      });
    }), { numRuns: 400 });
  });

  test('property: allowed-pair counts and namespace-pair counts agree with the naive per-pair evaluator', () => {
    fc.assert(fc.property(rawCluster, (cluster) => {
      const model = loadModel(manifestsOf(cluster), { externalIps: cluster.externals });
      const queries = PORTS.map((label) => ({ port: Number(label.split('/')[0]), protocol: label.split('/')[1] }));
      const groups = computeMatrix(model, queries);
      const ids = model.endpoints.map((e) => e.id);
      const byName = new Map(refEndpoints(cluster).map((e) => [e.name, e]));
      // Runs of one namespace (pods are sorted by namespace), then the external IPs.
      const runOf = (id: string) => (id.includes('/') ? id.split('/')[0] : '');
      const runs: { start: number; size: number }[] = [];
      ids.forEach((id, i) => {
        if (i > 0 && runOf(ids[i - 1]) === runOf(id)) runs[runs.length - 1].size++;
        else runs.push({ start: i, size: 1 });
      });
      const runIndex = ids.map((_, i) => runs.findIndex((b) => b.start <= i && i < b.start + b.size));
      const view = { endpoints: ids, ports: PORTS, isAllowedAt: (i: number, j: number, k: number) => groups.isAllowed(i, j, k) };
      const counted = blockCounts(view, runs, groups);
      queries.forEach((q, k) => {
        const want = new Array<number>(runs.length * runs.length).fill(0);
        ids.forEach((s, i) => ids.forEach((d, j) => {
          if (refAllowed(cluster, byName.get(s)!, byName.get(d)!, q.port, q.protocol)) want[runIndex[i] * runs.length + runIndex[j]]++;
        }));
        expect(groups.countAllowed(k)).toBe(want.reduce((a, b) => a + b, 0));
        expect(counted[k]).toEqual(want);
      });
    }), { numRuns: 300 });
  });
});
