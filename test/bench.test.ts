// The bench's own parts on tiny cases (nothing here is timed): the generators write what they claim, the naive
// evaluator follows the Kubernetes rules on a hand-checked cluster and agrees with the analyzer, and the
// report judges targets from the figures it is given.
import { parseAllDocuments } from 'yaml';
import { generateCluster } from '../bench/cluster';
import { naiveCounts } from '../bench/naive';
import { BenchResults, plotSvg, targetsOf } from '../bench/report';
import { intentOf, manifestOf, SHAPES, synthCase } from '../bench/synth';
import { Reachability } from '../src';
import { checkNetworkPolicy } from '../src/validation/network-policy';

const pod = (namespace: string, name: string, ip: string, labels: { [key: string]: string }, ports: object[] = []) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'main', image: 'x', ports }] },
  status: { podIP: ip },
});
const policy = (namespace: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const namespace = (name: string, labels: { [key: string]: string } = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

describe('bench cluster generator', () => {
  const manifests = generateCluster(60, 20);
  const pods = manifests.filter((m) => m.kind === 'Pod');

  test('writes the number of pods and policies asked for, the same every time', () => {
    expect(pods).toHaveLength(60);
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toHaveLength(20);
    expect(generateCluster(60, 20)).toEqual(manifests);
  });

  test('gives replicas of a Deployment the same labels except pod-template-hash', () => {
    const byApp = new Map<string, any[]>();
    for (const p of pods.filter((q) => q.metadata.labels.app)) {
      const k = `${p.metadata.namespace}/${p.metadata.labels.app}`;
      byApp.set(k, [...(byApp.get(k) ?? []), p]);
    }
    const replicated = [...byApp.values()].filter((list) => list.length > 1);
    expect(replicated.length).toBeGreaterThan(0);
    for (const list of replicated) {
      const { 'pod-template-hash': _, ...first } = list[0].metadata.labels;
      for (const p of list) {
        const { 'pod-template-hash': hash, ...rest } = p.metadata.labels;
        expect(rest).toEqual(first);
        expect(hash).toMatch(/^[0-9a-z]+$/);
      }
    }
  });

  test('gives every pod its own IP', () => {
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(pods.length);
  });

  test('writes only policies the API server accepts', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    expect(policies.flatMap((m) => checkNetworkPolicy(m).errors)).toEqual([]);
    expect(Reachability.fromManifests(manifests).pods).toHaveLength(60);
  });
});

describe('bench naive evaluator', () => {
  // x/web may reach x/db on 5432 (named "postgres"); x/db is isolated for ingress; y/other is in another namespace;
  // x/web is isolated for egress and may only reach 10.0.0.0/24 except 10.0.0.3.
  const cluster = [
    namespace('x'), namespace('y'),
    pod('x', 'web', '10.0.0.1', { app: 'web' }),
    pod('x', 'db', '10.0.0.2', { app: 'db' }, [{ containerPort: 5432, name: 'postgres' }]),
    pod('y', 'other', '10.0.0.3', { app: 'other' }),
    policy('x', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'postgres' }] }] }),
    policy('x', 'web-out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.3/32'] } }] }] }),
  ];

  test('follows the rules on a cluster checked by hand', () => {
    // 9 ordered pairs. On 5432/TCP: web -> other is denied (except), other -> db is denied (only web may), the rest allowed.
    // On 80/TCP: also web -> db is denied (db admits only its named port 5432).
    // On 5432/UDP: the named port is TCP, so web -> db is denied too.
    expect(naiveCounts(cluster, [{ port: 5432, protocol: 'TCP' }, { port: 80, protocol: 'TCP' }, { port: 5432, protocol: 'UDP' }])).toEqual([7, 6, 6]);
  });

  test('lets a pod reach itself whatever the policies say', () => {
    const denyAll = [namespace('x'), pod('x', 'a', '10.0.0.1', {}), pod('x', 'b', '10.0.0.2', {}), policy('x', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })];
    expect(naiveCounts(denyAll, [{ port: 80, protocol: 'TCP' }])).toEqual([2]);
  });

  test('agrees with the analyzer on a generated cluster', () => {
    const manifests = generateCluster(120, 40);
    const ports = ['8080/TCP', '5432/TCP', '53/UDP', '9090/TCP'].map((p) => Reachability.parsePort(p));
    const matrix = Reachability.fromManifests(manifests).matrixOn(ports);
    const counts = naiveCounts(manifests, ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })));
    expect(counts).toEqual(ports.map((p) => matrix.countAllowedOn(p)));
    // Not a trivial agreement: some pairs are allowed and some denied on each port.
    for (const n of counts) {
      expect(n).toBeGreaterThan(120);
      expect(n).toBeLessThan(120 * 120);
    }
  });
});

describe('bench synth workload', () => {
  test('this library writes exactly the objects the raw ApiObjects write, for every shape', () => {
    const docs = (impl: 'this' | 'raw') => parseAllDocuments(synthCase({ impl, n: 10 })).map((d) => d.toJSON());
    const raw = docs('raw');
    expect(raw).toEqual(Array.from({ length: 10 }, (_, i) => manifestOf(intentOf(i))));
    expect(docs('this')).toEqual(raw);
    expect(new Set(raw.map((_, i) => intentOf(i).shape)).size).toBe(SHAPES.length);
  });

  test('cdk8s-plus-28 writes the same number of objects for the same intents', () => {
    expect(parseAllDocuments(synthCase({ impl: 'kplus', n: 10 }))).toHaveLength(10);
  });
});

describe('bench report', () => {
  const synthCaseOf = (n: number, variant: string, totalMs: number) => ({ n, variant, runs: [], errors: [], median: { totalMs } });
  const results = (ours: number): BenchResults => ({
    generated: '2026-01-01T00:00:00Z',
    mode: 'full',
    machine: { cpu: 'test', cores: 2, memoryGiB: 1, node: 'v20', platform: 'test', loadAverage: [0] },
    method: {},
    synth: {
      check: undefined,
      cases: [
        synthCaseOf(1000, 'raw', 100), synthCaseOf(1000, 'this', ours / 10),
        synthCaseOf(10_000, 'raw', 1000), synthCaseOf(10_000, 'cdk8s-plus-28', 1500), synthCaseOf(10_000, 'this', ours), synthCaseOf(10_000, 'this + guardrails', 1400),
      ],
    },
    problems: [],
    durationS: 1,
  });

  test('judges the synth targets from the medians', () => {
    const met = Object.fromEntries(targetsOf(results(1200)).map((t) => [t.target, t.met]));
    expect(met).toEqual({ '<= 1.3x': true, '< 1.0x': true, '<= 1.5x': true, '<= 1.15x': true });
    const missed = targetsOf(results(1400));
    expect(missed.find((t) => t.target === '<= 1.3x')?.met).toBe(false);
    expect(missed.find((t) => t.target === '< 1.0x')?.value).toBe('0.93x');
  });

  test('draws a line per series with two points or more', () => {
    const svg = plotSvg('t', 'x', [{ name: 'a', color: '#000', points: [[100, 0.1], [1000, 1]] }, { name: 'b', color: '#111', points: [[100, 0.2]] }]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
  });
});
