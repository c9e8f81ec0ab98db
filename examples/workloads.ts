// The pods the recipes protect, so that `netpol matrix` and `netpol check` have something to show:
// a shop (web, api, admin) with one app policy, and the platform pods the recipes name.
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AllowTo, LabelSelector, NetworkPolicy, Peer } from '../src';

interface Pod {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: { [key: string]: string };
  readonly ports: kplus.ContainerPort[];
}

function deployment(scope: Construct, id: string, pod: Pod): kplus.Deployment {
  const d = new kplus.Deployment(scope, id, {
    metadata: { name: pod.name, namespace: pod.namespace },
    containers: [{ name: pod.name, image: `registry.example.com/${pod.name}:1.0`, ports: pod.ports }],
  });
  for (const [key, value] of Object.entries(pod.labels)) d.podMetadata.addLabel(key, value);
  return d;
}

/** The shop's workloads (the chart's namespace) and the one policy the app adds to the recipes: web may call api. */
export function shopWorkloads(scope: Construct): void {
  deployment(scope, 'Web', { name: 'web', labels: { app: 'web' }, ports: [{ number: 8080, name: 'http' }] });
  deployment(scope, 'Api', { name: 'api', labels: { app: 'api' }, ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] });
  deployment(scope, 'Admin', { name: 'admin', labels: { app: 'admin' }, ports: [{ number: 443, name: 'https' }] });
  new NetworkPolicy(scope, 'WebToApi', {
    podSelector: LabelSelector.matchLabels({ app: 'web' }),
    egress: [AllowTo(Peer.pods(LabelSelector.matchLabels({ app: 'api' }))).toPort(8080)],
  });
}

/** Pods of other namespaces that the recipes name: the ingress controller, Prometheus and cluster DNS. */
export function platformWorkloads(scope: Construct): void {
  deployment(scope, 'IngressNginx', {
    name: 'ingress-nginx-controller',
    namespace: 'ingress-nginx',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
    ports: [{ number: 80, name: 'http' }, { number: 443, name: 'https' }],
  });
  deployment(scope, 'Prometheus', { name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' }, ports: [{ number: 9090, name: 'web' }] });
  deployment(scope, 'CoreDns', {
    name: 'coredns',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [{ number: 53, name: 'dns', protocol: kplus.Protocol.UDP }, { number: 53, name: 'dns-tcp' }],
  });
}
