// The pods the recipes protect, so that `netpol matrix` and `netpol check` have something to show: a store
// (web, api, admin) with one app policy. The platform pods the recipes name (ingress-nginx, Prometheus,
// CoreDNS) are the topology chart's.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AllowTo, LabelSelector, NetworkPolicy, Peer } from '../src';

interface Pod {
  readonly name: string;
  readonly labels: { [key: string]: string };
  readonly ports: kplus.ContainerPort[];
}

function deployment(scope: Construct, id: string, pod: Pod): kplus.Deployment {
  const d = new kplus.Deployment(scope, id, {
    metadata: { name: pod.name },
    containers: [{ name: pod.name, image: `registry.example.com/${pod.name}:1.0`, ports: pod.ports }],
  });
  for (const [key, value] of Object.entries(pod.labels)) d.podMetadata.addLabel(key, value);
  return d;
}

/** The store's workloads (the chart's namespace) and the one policy the app adds to the recipes: web may call api. */
export function storeWorkloads(scope: Construct): void {
  deployment(scope, 'Web', { name: 'web', labels: { app: 'web' }, ports: [{ number: 8080, name: 'http' }] });
  deployment(scope, 'Api', { name: 'api', labels: { app: 'api' }, ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] });
  deployment(scope, 'Admin', { name: 'admin', labels: { app: 'admin' }, ports: [{ number: 443, name: 'https' }] });
  new NetworkPolicy(scope, 'WebToApi', {
    podSelector: LabelSelector.matchLabels({ app: 'web' }),
    egress: [AllowTo(Peer.pods(LabelSelector.matchLabels({ app: 'api' }))).toPort(8080)],
  });
}
