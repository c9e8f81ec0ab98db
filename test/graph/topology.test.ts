// The topology of issue 9 as the examples app writes it (dist/examples/topology.k8s.yaml): the workloads
// exactly as the table lists them, every edge allowed, every other connection of the shop denied,
// and no policy outside `shop`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { examplesApp } from '../../examples/app';
import { Reachability } from '../../src/analysis';
import { main } from '../../src/cli/netpol';
import { Protocol } from '../../src/values/enums';
import { connectionsOtherThanEdges, DNS, EDGES, ELSEWHERE, NGINX, PARTNER, Port, PROMETHEUS, SHOP, UNDECLARED_PORTS } from '../_support/shop-topology';

// The table, as written there.
const TABLE = [
  ['shop/web', { app: 'web' }, [[8080, 'TCP', 'http']]],
  ['shop/api', { app: 'api' }, [[8080, 'TCP', 'http'], [9090, 'TCP', 'metrics']]],
  ['shop/postgres', { app: 'postgres' }, [[5432, 'TCP', 'pg']]],
  ['shop/redis', { app: 'redis' }, [[6379, 'TCP', 'redis']]],
  ['shop/worker', { app: 'worker' }, []],
  ['shop/statsd', { app: 'statsd' }, [[8125, 'UDP', 'statsd']]],
  ['ingress-nginx/ingress-nginx-controller', { 'app.kubernetes.io/name': 'ingress-nginx' }, []],
  ['monitoring/prometheus', { 'app.kubernetes.io/name': 'prometheus' }, []],
  ['kube-system/coredns', { 'k8s-app': 'kube-dns' }, [[53, 'UDP', 'dns'], [53, 'TCP', 'dns-tcp']]],
] as const;

describe('the topology example', () => {
  let outdir: string;
  let objects: any[];
  let r: Reachability;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-topology-'));
    examplesApp(outdir).synth();
    const text = fs.readFileSync(path.join(outdir, 'topology.k8s.yaml'), 'utf8');
    objects = parseAllDocuments(text).map((d) => d.toJS());
    r = Reachability.fromYaml(text, { externalIps: [PARTNER, ELSEWHERE] });
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the workloads are cdk8s-plus Deployments with exactly the table\'s namespaces, names, pod labels and container ports', () => {
    const workloads = objects.filter((o) => o.kind !== 'NetworkPolicy');
    expect(workloads.every((o) => o.kind === 'Deployment' && o.apiVersion === 'apps/v1')).toBe(true);
    const read = workloads.map((d) => [
      `${d.metadata.namespace}/${d.metadata.name}`,
      d.spec.template.metadata.labels,
      d.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => [p.containerPort, p.protocol, p.name])),
    ]);
    expect(read).toEqual(TABLE);
    // Each Deployment selects its pods by those labels.
    expect(workloads.map((d) => d.spec.selector)).toEqual(TABLE.map(([, labels]) => ({ matchLabels: labels })));
  });

  test.each(EDGES)('allows the edge %s -> %s on %d/%s', (source, target, port, protocol) => {
    expect(r.check(source, target, { port, protocol }).allowed).toBe(true);
  });

  test('denies every other connection to and from the shop (on every port of the table, and one more)', () => {
    // Outside the shop, only the shop's side is the graph's; DNS's own ingress is open here.
    const declared = TABLE.flatMap(([, , p]) => p.map(([n, proto]): Port => [n, proto as Protocol]));
    expect(connectionsOtherThanEdges(r, [...TABLE.map(([name]) => name), PARTNER, ELSEWHERE], [...declared, ...UNDECLARED_PORTS])).toEqual([]);
  });

  test('the named-port edges keep their protocol: statsd is reachable on UDP 8125, not TCP', () => {
    expect(r.check('shop/api', 'shop/statsd', { port: 8125, protocol: Protocol.UDP }).allowed).toBe(true);
    expect(r.check('shop/api', 'shop/statsd', { port: 8125, protocol: Protocol.TCP }).allowed).toBe(false);
  });

  test('nothing outside shop is selected by any policy, and each policy selects one shop workload', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(SHOP.map((s) => s.replace('shop/', 'shop/shop-')));
    for (const outside of [NGINX, PROMETHEUS, DNS]) {
      const verdict = r.check(outside, outside, { port: 1 });
      expect([outside, verdict.ingress.selectingPolicies, verdict.egress.selectingPolicies]).toEqual([outside, [], []]);
    }
    expect(policies.map((p) => p.spec.podSelector)).toEqual(TABLE.slice(0, 6).map(([, labels]) => ({ matchLabels: labels })));
    expect(policies.every((p) => JSON.stringify(p.spec.policyTypes) === '["Ingress","Egress"]')).toBe(true);
  });

  test('netpol validate --strict finds nothing to report in the file', () => {
    let stdout = '';
    let stderr = '';
    const code = main(['validate', '--strict', path.join(outdir, 'topology.k8s.yaml')], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '' });
    expect([code, stdout]).toEqual([0, '']);
    expect(stderr).toMatch(/: 6 NetworkPolicies in 1 file: 0 invalid, 0 errors, 0 warnings$/m);
  });
});
