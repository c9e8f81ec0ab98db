// The shop of issue 9 as one ConnectionGraph: the workloads (cdk8s-plus-28 Deployments) and the edges
// between them, written as the minimal policies on both sides and proved at synth.
import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConnectionGraph, GraphNode, Port } from '../src';

interface Workload {
  readonly namespace: string;
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly ports?: kplus.ContainerPort[];
}

const TCP = kplus.Protocol.TCP;
const UDP = kplus.Protocol.UDP;

/**
 * A Deployment whose pods carry exactly `labels` and which selects them by those labels: cdk8s-plus'
 * own `cdk8s.io/metadata.addr` label is left out, so the file shows the pods as the table lists them.
 */
function deployment(scope: Construct, w: Workload): kplus.Deployment {
  const d = new kplus.Deployment(scope, w.name, {
    metadata: { name: w.name, namespace: w.namespace },
    select: false,
    podMetadata: { labels: w.labels },
    containers: [{ name: w.name, image: `registry.example.com/${w.name}:1.0`, ports: w.ports ?? [] }],
  });
  d.select(kplus.LabelSelector.of({ labels: w.labels }));
  ApiObject.of(d).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  return d;
}

/** The shop, its neighbours, and the graph that connects them; returns the graph. */
export function topology(scope: Construct): ConnectionGraph {
  const web = deployment(scope, { namespace: 'shop', name: 'web', labels: { app: 'web' }, ports: [{ number: 8080, protocol: TCP, name: 'http' }] });
  const api = deployment(scope, {
    namespace: 'shop',
    name: 'api',
    labels: { app: 'api' },
    ports: [{ number: 8080, protocol: TCP, name: 'http' }, { number: 9090, protocol: TCP, name: 'metrics' }],
  });
  const postgres = deployment(scope, { namespace: 'shop', name: 'postgres', labels: { app: 'postgres' }, ports: [{ number: 5432, protocol: TCP, name: 'pg' }] });
  const redis = deployment(scope, { namespace: 'shop', name: 'redis', labels: { app: 'redis' }, ports: [{ number: 6379, protocol: TCP, name: 'redis' }] });
  const worker = deployment(scope, { namespace: 'shop', name: 'worker', labels: { app: 'worker' } });
  const statsd = deployment(scope, { namespace: 'shop', name: 'statsd', labels: { app: 'statsd' }, ports: [{ number: 8125, protocol: UDP, name: 'statsd' }] });
  const ingress = deployment(scope, { namespace: 'ingress-nginx', name: 'ingress-nginx-controller', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } });
  const prometheus = deployment(scope, { namespace: 'monitoring', name: 'prometheus', labels: { 'app.kubernetes.io/name': 'prometheus' } });
  deployment(scope, {
    namespace: 'kube-system',
    name: 'coredns',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [{ number: 53, protocol: UDP, name: 'dns' }, { number: 53, protocol: TCP, name: 'dns-tcp' }],
  });

  // The shop's workloads are the members: default deny both ways, DNS allowed, and exactly these edges.
  const graph = new ConnectionGraph(scope, 'shop');
  const [w, a, pg, r, wk, s] = [web, api, postgres, redis, worker, statsd].map((d) => graph.member(d));
  graph.connect(GraphNode.fromPodSelector(ingress), w, { portName: 'http' });
  graph.connect(w, a, { portName: 'http' });
  graph.connect(a, pg, { portName: 'pg' });
  graph.connect(a, r, { portName: 'redis' });
  graph.connect(wk, pg, { portName: 'pg' });
  graph.connect(wk, r, { portName: 'redis' });
  graph.connect(GraphNode.fromPodSelector(prometheus), a, { portName: 'metrics' });
  graph.connect(a, s, { portName: 'statsd' });
  graph.connect(wk, GraphNode.ipBlock('203.0.113.0/24'), { port: Port.tcp(443) });
  return graph;
}
