import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus34 from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { NetworkPolicy } from '../../src/constructs/network-policy';
import { ConnectionGraph } from '../../src/graph/connection-graph';
import { GraphNode } from '../../src/graph/node';
import { AllowFrom, AllowTo } from '../../src/values/fluent';
import { Peer } from '../../src/values/peer';
import { Port } from '../../src/values/port';
import { LabelSelector } from '../../src/values/selector';

function deployment(scope: Construct, name: string, namespace?: string) {
  return new kplus28.Deployment(scope, name, {
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    podMetadata: { labels: { app: name } },
    containers: [{ image: name, ports: [{ number: 8080, name: 'http' }] }],
  });
}

function synthError(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return 'synth did not fail';
}

/** A NetworkPolicy written by hand, as a user might add next to the graph. */
function rawPolicy(chart: Chart, spec: object) {
  return new ApiObject(chart, 'raw', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'raw', namespace: 'shop' }, spec });
}

describe('ConnectionGraph proof (Kubernetes semantics it must not miss)', () => {
  test('fails if another policy opens a member\'s egress on a named port of pods whose ports are unknown', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = graph.member(deployment(chart, 'web', 'shop'));
    graph.connect(web, GraphNode.pods({ name: 'ext', namespace: 'other', selector: LabelSelector.matchLabels({ app: 'ext' }) }), { port: Port.tcp(80) });
    expect(() => Testing.synth(chart)).not.toThrow();
    // Any pod of any namespace with a container port named grpc is reachable now.
    rawPolicy(chart, {
      podSelector: { matchLabels: { app: 'web' } },
      egress: [{ to: [{ podSelector: {}, namespaceSelector: {} }], ports: [{ port: 'grpc' }] }],
      policyTypes: ['Egress'],
    });
    expect(synthError(chart)).toMatch(/shop\/web -> other\/ext is allowed on \d+\/TCP \(what a port named "grpc" stands for on pods whose ports are unknown\), which no edge declares \(allowed by shop\/raw egress\[0\]/);
  });

  test('a named port in another policy that only resolves on declared ports opens nothing more, and passes', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = graph.member(deployment(chart, 'web', 'shop'));
    const api = graph.member(deployment(chart, 'api', 'shop'));
    graph.connect(web, api, { portName: 'http' });
    // api declares http (8080), so "http" from web is the declared edge; "grpc" matches no container of api.
    rawPolicy(chart, { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }, { port: 'grpc' }] }] });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('fails if the rule to an IP block whose first addresses are excepted is removed (the proof finds an address in it)', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = graph.member(deployment(chart, 'web', 'shop'));
    graph.connect(web, GraphNode.ipBlock('10.0.0.0/8', ['10.0.0.0/24']), { port: Port.tcp(443) });
    expect(() => Testing.synth(chart)).not.toThrow();
    graph.policies[0].apiObject.addJsonPatch(JsonPatch.remove('/spec/egress/1'));
    expect(synthError(chart)).toMatch(/the edge shop\/web -> 10\.0\.0\.0\/8 on TCP 443 is declared, but shop\/web -> 10\.0\.1\.0 \(in 10\.0\.0\.0\/8\) is denied on 443\/TCP/);
  });

  test('fails if another policy opens a wider range that starts where a node\'s IP block does', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = graph.member(deployment(chart, 'web', 'shop'));
    graph.connect(web, GraphNode.ipBlock('10.0.0.0/24'), { port: Port.tcp(443) });
    new NetworkPolicy(chart, 'wide', { metadata: { namespace: 'shop' }, podSelector: LabelSelector.matchLabels({ app: 'web' }), egress: [AllowTo(Peer.ipBlock('10.0.0.0/8')).toPort(443)] });
    expect(synthError(chart)).toMatch(/shop\/web -> 10\.0\.1\.0 \(an address of no node, which a policy names\) is allowed on 443\/TCP, which no edge declares/);
  });

  test('Pods.select without namespaces is in its Chart\'s namespace, as a member and as a peer', () => {
    for (const plus of [kplus28, kplus34] as const) {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      const graph = new ConnectionGraph(chart, 'g');
      const api = graph.member(deployment(chart, 'api'));
      const canary = graph.member(plus.Pods.select(chart, 'canary', { labels: { track: 'canary' } }));
      expect(canary.namespace).toBe('shop');
      graph.connect(canary, api, { portName: 'http' });
      const policies = Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy');
      expect(policies.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['shop/g-api', 'shop/g-canary']);
      expect(policies[0].spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { track: 'canary' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    }
  });

  test('fails if a member is a construct that is not a cdk8s-plus pod selector, naming its path', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    expect(() => graph.member(new Construct(chart, 'plain'))).toThrow(/GraphNode.fromPodSelector\(\) needs a cdk8s-plus pod selector .* of any cdk8s-plus 2.x; got c\/plain/);
    expect(() => graph.member(new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' }))).toThrow(/got c\/cm/);
  });

  test('fails if another policy opens pods of a member that carry more labels than its selector', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    graph.addMember(GraphNode.pods({ name: 'legacy', namespace: 'shop', selector: LabelSelector.matchLabels({ app: 'legacy' }), ports: [{ port: 7000 }] }));
    expect(() => Testing.synth(chart)).not.toThrow();
    // app=legacy,version=v2 pods are the member's pods too (its policy selects them), and this opens them to everyone.
    new NetworkPolicy(chart, 'v2', {
      metadata: { namespace: 'shop' },
      podSelector: LabelSelector.matchLabels({ app: 'legacy', version: 'v2' }),
      ingress: [AllowFrom(Peer.anything()).toPort(7000)],
    });
    expect(synthError(chart)).toMatch(/-> a pod shop\/\{app=legacy, version=v2\} of shop\/legacy, which a policy names is allowed on 7000\/TCP, which no edge declares \(allowed by shop\/v2 ingress\[0\]/);
  });

  test('fails if another policy lets in pods or namespaces an In requirement names beyond its first value', () => {
    for (const peer of [
      { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'batch'] }] } },
      {
        podSelector: { matchLabels: { app: 'web' } },
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'sandbox'] }] },
      },
    ]) {
      const chart = new Chart(Testing.app(), 'c');
      const graph = new ConnectionGraph(chart, 'g');
      const web = graph.member(deployment(chart, 'web', 'shop'));
      const api = graph.member(deployment(chart, 'api', 'shop'));
      graph.connect(web, api, { portName: 'http' });
      // web -> api on 8080 is declared; the rule also lets batch pods (or web pods of sandbox) in.
      rawPolicy(chart, { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [peer], ports: [{ port: 8080 }] }] });
      expect(synthError(chart)).toMatch(/a pod (shop\/\{app=batch\}|sandbox\/\{app=web\}) of no node, which a policy names -> shop\/api is allowed on 8080\/TCP, which no edge declares/);
    }
  });

  test('a difference names the fix and the constructs of the policies involved', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = graph.member(deployment(chart, 'web', 'shop'));
    const api = graph.member(deployment(chart, 'api', 'shop'));
    graph.connect(web, api, { portName: 'http' });
    new NetworkPolicy(chart, 'Open', { metadata: { namespace: 'shop' }, podSelector: LabelSelector.matchLabels({ app: 'api' }), ingress: [AllowFrom(Peer.anything()).toPort(9090)] });
    graph.policies[1].apiObject.addJsonPatch(JsonPatch.remove('/spec/ingress/0'));
    const message = synthError(chart);
    expect(message).toMatch(/the edge shop\/web -> shop\/api on TCP 8080 is declared, but shop\/web -> shop\/api is denied on 8080\/TCP \(ingress: shop\/api is isolated for ingress by shop\/g-api, shop\/open; no rule allows it\): a rule the graph wrote for the edge was removed or changed, or another policy isolates this side \(c\/g\/api, c\/Open\)/);
    expect(message).toMatch(/a pod of namespace shop that is no node of the graph -> shop\/api is allowed on 9090\/TCP, which no edge declares \(allowed by shop\/open ingress\[0\] ports\[0\]\): declare the connection with connect\(\), or narrow the rules that allow it \(c\/Open\)/);
  });

  test('an edge to the whole IPv4 range (0.0.0.0/0 with an except) is proved, and synth ends', () => {
    const chart = new Chart(Testing.app(), 'c');
    const graph = new ConnectionGraph(chart, 'g');
    const web = graph.member(deployment(chart, 'web', 'shop'));
    graph.connect(web, GraphNode.ipBlock('0.0.0.0/0', ['10.0.0.0/8']), { port: Port.tcp(443) });
    expect(() => Testing.synth(chart)).not.toThrow();
    graph.policies[0].apiObject.addJsonPatch(JsonPatch.remove('/spec/egress/1'));
    expect(synthError(chart)).toMatch(/the edge shop\/web -> 0\.0\.0\.0\/0 on TCP 443 is declared, but shop\/web -> 0\.0\.0\.0 \(in 0\.0\.0\.0\/0\) is denied on 443\/TCP/);
  });
});
