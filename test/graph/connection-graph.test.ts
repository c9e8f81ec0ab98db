import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus34 from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { Reachability } from '../../src/analysis';
import { DefaultDeny } from '../../src/constructs/default-deny';
import { NetworkPolicy } from '../../src/constructs/network-policy';
import { ConnectionGraph } from '../../src/graph/connection-graph';
import { GraphNode } from '../../src/graph/node';
import { PolicyType, Protocol } from '../../src/values/enums';
import { AllowFrom, AllowTo } from '../../src/values/fluent';
import { Peer } from '../../src/values/peer';
import { Port } from '../../src/values/port';
import { LabelSelector } from '../../src/values/selector';

type Plus = typeof kplus28;
const TCP = kplus28.Protocol.TCP;
const UDP = kplus28.Protocol.UDP;

/** A Deployment named `name` whose pods are app=`name`; `namespace: null` gives it none. */
function deployment(plus: Plus, scope: Construct, name: string, ports: kplus28.ContainerPort[] = [], namespace: string | null = 'shop') {
  return new plus.Deployment(scope, name, {
    metadata: { name, ...(namespace !== null ? { namespace } : {}) },
    podMetadata: { labels: { app: name } },
    containers: [{ image: name, ports }],
  });
}

/** web -> api (http), api -> statsd (statsd, UDP), in namespace shop. */
function shop(plus: Plus = kplus28) {
  const chart = new Chart(Testing.app(), 'c');
  const web = deployment(plus, chart, 'web', [{ number: 8080, name: 'http' }]);
  const api = deployment(plus, chart, 'api', [{ number: 8080, name: 'http', protocol: TCP }, { number: 9090, name: 'metrics' }]);
  const statsd = deployment(plus, chart, 'statsd', [{ number: 8125, name: 'statsd', protocol: UDP }]);
  const graph = new ConnectionGraph(chart, 'g');
  const nodes = { web: graph.member(web), api: graph.member(api), statsd: graph.member(statsd) };
  return { chart, graph, nodes, workloads: { web, api, statsd } };
}

function spec(policy: NetworkPolicy): any {
  return policy._toKube();
}

function synthError(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

const DNS_RULE = {
  to: [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

describe('ConnectionGraph', () => {
  test('writes both sides of an edge, on the container port a name resolves to, and DNS egress', () => {
    const { chart, graph, nodes } = shop();
    graph.connect(nodes.web, nodes.api, { portName: 'http' });
    const [web, api, statsd] = graph.policies;
    expect(spec(web)).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      egress: [DNS_RULE, { to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(spec(api)).toEqual({
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      egress: [DNS_RULE],
      policyTypes: ['Ingress', 'Egress'],
    });
    // A member without edges is denied both ways, DNS aside.
    expect(spec(statsd)).toEqual({ podSelector: { matchLabels: { app: 'statsd' } }, egress: [DNS_RULE], policyTypes: ['Ingress', 'Egress'] });
    expect(Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`))
      .toEqual(['shop/g-web', 'shop/g-api', 'shop/g-statsd']);
  });

  test('a named port keeps the container port\'s protocol: UDP stays UDP', () => {
    const { graph, nodes } = shop();
    graph.connect(nodes.api, nodes.statsd, { portName: 'statsd' });
    expect(spec(graph.policies[1]).egress[1]).toEqual({ to: [{ podSelector: { matchLabels: { app: 'statsd' } } }], ports: [{ protocol: 'UDP', port: 8125 }] });
    expect(spec(graph.policies[2]).ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'UDP', port: 8125 }] }]);
  });

  test('Port.named with the container\'s protocol is the same edge', () => {
    const { graph, nodes } = shop();
    graph.connect(nodes.api, nodes.statsd, { port: Port.named('statsd', Protocol.UDP) });
    expect(spec(graph.policies[2]).ingress[0].ports).toEqual([{ protocol: 'UDP', port: 8125 }]);
  });

  test('without a port, an edge allows every container port the target declares', () => {
    const { graph, nodes } = shop();
    graph.connect(nodes.web, nodes.api);
    expect(spec(graph.policies[1]).ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 9090 }]);
  });

  test('cross-namespace edges select the peer namespace by kubernetes.io/metadata.name, and only members are selected', () => {
    const chart = new Chart(Testing.app(), 'c');
    const api = deployment(kplus28, chart, 'api', [{ number: 9090, name: 'metrics' }]);
    const prometheus = new kplus28.Deployment(chart, 'prometheus', {
      metadata: { namespace: 'monitoring' }, podMetadata: { labels: { 'app.kubernetes.io/name': 'prometheus' } }, containers: [{ image: 'prom' }],
    });
    const graph = new ConnectionGraph(chart, 'g');
    graph.connect(GraphNode.fromPodSelector(prometheus), graph.member(api), { portName: 'metrics' });
    expect(graph.policies).toHaveLength(1);
    expect(spec(graph.policies[0]).ingress).toEqual([{
      from: [{
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    }]);
    const r = Reachability.fromChart(chart);
    const from = Reachability.nameOf(prometheus);
    expect(r.check(from, 'shop/api', { port: 9090 }).allowed).toBe(true);
    expect(r.check(from, 'shop/api', { port: 8080 }).allowed).toBe(false);
    // Prometheus is not a member: no policy selects it, so nothing isolates it.
    expect(r.check(from, 'shop/api', { port: 9090 }).egress.isolated).toBe(false);
    expect(Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy').every((o) => o.metadata.namespace === 'shop')).toBe(true);
  });

  test('members of any cdk8s-plus: cdk8s-plus-34 workloads, Pods.select, and plain selectors', () => {
    const chart = new Chart(Testing.app(), 'c');
    const api = deployment(kplus34 as unknown as Plus, chart, 'api', [{ number: 8080, name: 'http' }]);
    const job = new kplus34.Job(chart, 'report', { metadata: { namespace: 'shop' }, podMetadata: { labels: { app: 'report' } }, containers: [{ image: 'r' }] });
    const graph = new ConnectionGraph(chart, 'g');
    const legacy = graph.addMember(GraphNode.pods({ name: 'legacy', namespace: 'shop', selector: LabelSelector.matchLabels({ app: 'legacy' }), ports: [{ port: 7000, name: 'rpc' }] }));
    const canary = graph.member(kplus34.Pods.select(chart, 'canary', { labels: { track: 'canary' }, namespaces: kplus34.Namespaces.select(chart, 'ns', { names: ['shop'] }) }));
    graph.connect(graph.member(job), graph.member(api), { portName: 'http' });
    graph.connect(canary, legacy, { portName: 'rpc' });
    expect(spec(graph.policies[0]).ingress).toEqual([{ from: [{ podSelector: { matchLabels: { track: 'canary' } } }], ports: [{ protocol: 'TCP', port: 7000 }] }]);
    expect(spec(graph.policies[3]).ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'report' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('directions: with ingress only, members are isolated for ingress and no egress rule (nor DNS) is written', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g', { directions: [PolicyType.INGRESS] });
    const web = graph.member(deployment(kplus28, chart, 'web'));
    const api = graph.member(deployment(kplus28, chart, 'api', [{ number: 8080, name: 'http' }]));
    graph.connect(web, api, { portName: 'http' });
    expect(graph.policies.map(spec)).toEqual([
      { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] },
      { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }], policyTypes: ['Ingress'] },
    ]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('allowDns: false writes no DNS rule', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g', { allowDns: false });
    graph.member(deployment(kplus28, chart, 'web'));
    expect(spec(graph.policies[0])).toEqual({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress', 'Egress'] });
  });

  test('egress to an IP block on a numbered port', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    graph.connect(graph.member(deployment(kplus28, chart, 'worker')), GraphNode.ipBlock('203.0.113.0/24'), { port: Port.tcp(443) });
    expect(spec(graph.policies[0]).egress[1]).toEqual({ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    const r = Reachability.fromManifests(Testing.synth(chart), { externalIps: ['203.0.113.9', '198.51.100.1'] });
    expect(r.check('shop/worker', '203.0.113.9', { port: 443 }).allowed).toBe(true);
    expect(r.check('shop/worker', '203.0.113.9', { port: 80 }).allowed).toBe(false);
    expect(r.check('shop/worker', '198.51.100.1', { port: 443 }).allowed).toBe(false);
  });

  test('namespace-less workloads connect among themselves (the same namespace, decided when applied)', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const a = graph.member(deployment(kplus28, chart, 'a', [], null));
    const b = graph.member(deployment(kplus28, chart, 'b', [{ number: 80, name: 'http' }], null));
    graph.connect(a, b, { portName: 'http' });
    expect(spec(graph.policies[1]).ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ protocol: 'TCP', port: 80 }] }]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('DNS with NodeLocal DNSCache: the link-local address is allowed too, and the proof knows it', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g', { dns: { nodeLocalDnsCache: true } });
    graph.member(deployment(kplus28, chart, 'web'));
    expect(() => Testing.synth(chart)).not.toThrow();
    const r = Reachability.fromManifests(Testing.synth(chart), { externalIps: ['169.254.20.10'] });
    expect(r.check('shop/web', '169.254.20.10', { port: 53, protocol: Protocol.UDP }).allowed).toBe(true);
    expect(r.check('shop/web', '169.254.20.10', { port: 80 }).allowed).toBe(false);
  });

  test('DNS with the kube-dns Service IP (node-local-dns with iptables): the proof reads what the DNS rule allows', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g', { dns: { nodeLocalDnsCache: true, nodeLocalDnsServiceIp: '10.96.0.10' } });
    graph.member(deployment(kplus28, chart, 'web'));
    expect(() => Testing.synth(chart)).not.toThrow();
    const r = Reachability.fromManifests(Testing.synth(chart), { externalIps: ['10.96.0.10', '10.96.0.11'] });
    expect(r.check('shop/web', '10.96.0.10', { port: 53, protocol: Protocol.UDP }).allowed).toBe(true);
    expect(r.check('shop/web', '10.96.0.11', { port: 53, protocol: Protocol.UDP }).allowed).toBe(false);
  });

  test('an explicit edge to cluster DNS, with DNS left out of the defaults, is the same DNS rule', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g', { allowDns: false });
    const web = graph.member(deployment(kplus28, chart, 'web'));
    graph.member(deployment(kplus28, chart, 'batch'));
    graph.connect(web, GraphNode.clusterDns());
    expect(graph.policies.map((p) => spec(p).egress)).toEqual([[DNS_RULE], undefined]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('the same workload twice is the same member, with one policy', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = deployment(kplus28, chart, 'web');
    expect(graph.member(web)).toBe(graph.member(web));
    expect(graph.policies).toHaveLength(1);
  });

  describe('mistakes caught at synth', () => {
    test('fails if a named port is declared by no container of the target, with a suggestion', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { port: Port.named('metric') });
      expect(synthError(chart)).toMatch(/shop\/web -> shop\/api: shop\/api has no container port named "metric" \(it declares 8080\/TCP http, 9090\/TCP metrics\): did you mean "metrics"\?/);
    });

    test('fails if a named port\'s protocol differs from the container port\'s', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.api, nodes.statsd, { port: Port.named('statsd') });
      expect(synthError(chart)).toMatch(/the container port "statsd" of shop\/statsd is UDP, but Port\.named\('statsd'\) means TCP: write Port\.named\('statsd', Protocol\.UDP\)/);
    });

    test('fails if a numbered port is none of the target\'s container ports', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { port: Port.tcp(80) });
      expect(synthError(chart)).toMatch(/shop\/api declares no container port 80\/TCP \(it declares 8080\/TCP http, 9090\/TCP metrics\)/);
    });

    test('fails if no port is given and the target declares none', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      graph.connect(graph.member(deployment(kplus28, chart, 'a')), graph.member(deployment(kplus28, chart, 'b')));
      expect(synthError(chart)).toMatch(/shop\/a -> shop\/b: no port given, and shop\/b declares no container ports to take: give portName or port/);
    });

    test('fails if a workload without a namespace is used across namespaces', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      const loose = graph.member(deployment(kplus28, chart, 'loose', [], null));
      graph.connect(loose, graph.member(deployment(kplus28, chart, 'api', [{ number: 8080, name: 'http' }])), { portName: 'http' });
      expect(synthError(chart)).toMatch(/\(no namespace\)\/loose has no namespace, so where its pods run is decided only when the manifest is applied, and a policy in namespace "shop" cannot follow it/);
    });

    test('fails if a member sends to an outside workload without a namespace', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      const loose = GraphNode.fromPodSelector(deployment(kplus28, chart, 'loose', [{ number: 80, name: 'http' }], null));
      graph.connect(graph.member(deployment(kplus28, chart, 'api')), loose, { portName: 'http' });
      expect(synthError(chart)).toMatch(/shop\/api -> \(no namespace\)\/loose on TCP 80: \(no namespace\)\/loose has no namespace/);
    });

    test('fails if neither end of an edge is a member', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      graph.connect(GraphNode.pods({ name: 'x', namespace: 'a', selector: LabelSelector.matchLabels({ app: 'x' }) }), GraphNode.ipBlock('10.0.0.0/8'), { port: Port.tcp(1) });
      expect(synthError(chart)).toMatch(/a\/x -> 10\.0\.0\.0\/8 on TCP 1: neither end is a member of this graph/);
    });

    test('fails if a port name is given for pods whose ports are not known, saying how to give them', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      const canary = GraphNode.fromPodSelector(kplus28.Pods.select(chart, 'canary', { labels: { track: 'canary' } }));
      graph.connect(graph.member(deployment(kplus28, chart, 'web')), canary, { portName: 'http' });
      expect(synthError(chart)).toMatch(/port "http" is a container port name, but the ports of \(no namespace\)\/canary are not known: give them \(GraphNode\.pods\(\{ ports: \[\.\.\.\] \}\)\), or a number/);
    });

    test('fails if Pods.select looks in several namespaces: a node lives in one', () => {
      const chart = new Chart(Testing.app(), 'c');
      const pods = kplus28.Pods.select(chart, 'p', { labels: { app: 'a' }, namespaces: kplus28.Namespaces.select(chart, 'n', { names: ['a', 'b'] }) });
      expect(() => GraphNode.fromPodSelector(pods)).toThrow(/c\/p: a graph node lives in one namespace, and these pods are looked for in namespaces selected by 2 names/);
    });

    test('fails if a Service is given as a member: policies match pod ports', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      const service = new kplus28.Service(chart, 'svc', { ports: [{ port: 80, targetPort: 8080 }] });
      expect(() => graph.member(service)).toThrow(/c\/svc is a Service, and NetworkPolicies never see Services.*use the targetPort/);
    });
  });

  describe('the proof at synth', () => {
    test('passes when the policies allow exactly the edges', () => {
      const { chart, graph, nodes } = shop(kplus34 as unknown as Plus);
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      graph.connect(nodes.api, nodes.statsd, { portName: 'statsd' });
      expect(() => Testing.synth(chart)).not.toThrow();
    });

    test('fails if another policy of the chart opens more, naming what it allows and which rules', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      // Both sides, as a connection between two members needs.
      const everyone = Peer.pods(LabelSelector.all());
      new NetworkPolicy(chart, 'Extra', {
        metadata: { namespace: 'shop' },
        podSelector: LabelSelector.matchLabels({ app: 'api' }),
        ingress: [AllowFrom(everyone).toPort(9090)],
      });
      new NetworkPolicy(chart, 'ExtraOut', { metadata: { namespace: 'shop' }, podSelector: LabelSelector.matchLabels({ app: 'web' }), egress: [AllowTo(everyone).toPort(9090)] });
      const message = synthError(chart);
      expect(message).toMatch(/the policies do not allow exactly the graph: shop\/web -> shop\/api is allowed on 9090\/TCP, which no edge declares \(allowed by shop\/extra-out egress\[0\] to\[0\] ports\[0\]; shop\/extra ingress\[0\] from\[0\] ports\[0\]\)/);
      // An outsider of the namespace gets in too (only api's side is the graph's to prove).
      expect(message).toMatch(/a pod of namespace shop that is no node of the graph -> shop\/api is allowed on 9090\/TCP, which no edge declares/);
      // web -> api on 8080 is declared and allowed: not reported.
      expect(message).not.toMatch(/8080/);
    });

    test('another policy that opens only one side of a connection between members opens nothing, and passes', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      new NetworkPolicy(chart, 'HalfOpen', {
        metadata: { namespace: 'shop' },
        podSelector: LabelSelector.matchLabels({ app: 'api' }),
        ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ app: 'statsd' }))).toPort(9090)],
      });
      expect(() => Testing.synth(chart)).not.toThrow();
    });

    test('fails if another policy lets an outsider in', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      new NetworkPolicy(chart, 'Open', { metadata: { namespace: 'shop' }, podSelector: LabelSelector.matchLabels({ app: 'web' }), ingress: [AllowFrom(Peer.anything()).toPort(8080)] });
      const message = synthError(chart);
      expect(message).toMatch(/192\.0\.2\.1 \(an address of no node\) -> shop\/web is allowed on 8080\/TCP, which no edge declares/);
      expect(message).toMatch(/a pod of namespace netpol-graph-elsewhere that is no node of the graph -> shop\/web is allowed on 8080\/TCP/);
    });

    test('fails if another policy opens a member to pods or ranges that no node stands for', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      new NetworkPolicy(chart, 'Payments', {
        metadata: { namespace: 'shop' },
        podSelector: LabelSelector.matchLabels({ app: 'web' }),
        egress: [
          AllowTo(Peer.podsInNamespaces({ pods: LabelSelector.matchLabels({ app: 'payments' }), namespaces: LabelSelector.matchLabels({ team: 'pay' }) })).toPort(8443),
          AllowTo(Peer.ipBlock('10.0.0.0/8')).toPort(5432),
        ],
      });
      const message = synthError(chart);
      expect(message).toMatch(/shop\/web -> a pod netpol-graph-ns-1\/\{app=payments\} of no node, which a policy names is allowed on 8443\/TCP, which no edge declares \(allowed by shop\/payments egress\[0\]/);
      expect(message).toMatch(/shop\/web -> 10\.0\.0\.0 \(an address of no node, which a policy names\) is allowed on 5432\/TCP, which no edge declares/);
    });

    test('replicas of a member reach each other only through an edge from it to itself', () => {
      const { chart, graph, nodes } = shop();
      new NetworkPolicy(chart, 'Peers', {
        metadata: { namespace: 'shop' },
        podSelector: LabelSelector.matchLabels({ app: 'api' }),
        ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ app: 'api' }))).toPort(7946)],
        egress: [AllowTo(Peer.pods(LabelSelector.matchLabels({ app: 'api' }))).toPort(7946)],
      });
      expect(synthError(chart)).toMatch(/shop\/api -> another pod of shop\/api is allowed on 7946\/TCP, which no edge declares/);
      graph.connect(nodes.api, nodes.api, { port: Port.tcp(8080) });
      expect(spec(graph.policies[1]).ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    });

    test('an edge from a member to itself is proved on its replicas', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.api, nodes.api, { portName: 'http' });
      expect(() => Testing.synth(chart)).not.toThrow();
      ApiObject.of(graph.policies[1]).addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
      expect(synthError(chart)).toMatch(/the edge shop\/api -> shop\/api on TCP 8080 is declared, but shop\/api -> another pod of shop\/api is denied on 8080\/TCP/);
    });

    test('fails if a rule is removed from what the graph wrote, naming the edge', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      ApiObject.of(graph.policies[1]).addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
      expect(synthError(chart)).toMatch(/the edge shop\/web -> shop\/api on TCP 8080 is declared, but shop\/web -> shop\/api is denied on 8080\/TCP \(ingress: /);
    });

    test('fails if another policy isolates a direction the graph leaves open, so a declared edge is denied', () => {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g', { directions: [PolicyType.INGRESS] });
      const web = graph.member(deployment(kplus28, chart, 'web'));
      graph.connect(web, graph.member(deployment(kplus28, chart, 'api', [{ number: 8080, name: 'http' }])), { portName: 'http' });
      new DefaultDeny(chart, 'NoEgress', { metadata: { namespace: 'shop' }, directions: [PolicyType.EGRESS] });
      expect(synthError(chart)).toMatch(/the edge shop\/web -> shop\/api on TCP 8080 is declared, but shop\/web -> shop\/api is denied on 8080\/TCP \(egress: /);
    });

    test('a stranger in the members\' namespace is not isolated by the graph (no side-effect isolation)', () => {
      const { chart, graph, nodes } = shop();
      graph.connect(nodes.web, nodes.api, { portName: 'http' });
      const r = Reachability.fromManifests(Testing.synth(chart), { pods: [{ name: 'other', namespace: 'shop', labels: { app: 'other' } }] });
      const verdict = r.check('shop/other', 'shop/other', { port: 1 });
      expect(verdict.ingress.selectingPolicies).toEqual([]);
      expect(verdict.egress.selectingPolicies).toEqual([]);
      expect(r.check('shop/other', 'shop/api', { port: 8080 }).allowed).toBe(false);
    });
  });
});
