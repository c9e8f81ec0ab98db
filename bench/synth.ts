// The synth workload: N NetworkPolicies of five mixed shapes, written three ways (this library, raw
// ApiObjects writing the identical objects, cdk8s-plus-28's NetworkPolicy for the same intents), then
// `app.synthYaml()`. Shape i % 5 of policy i; 50 namespaces.
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SHAPES } from './shapes';
import { AllowDnsEgress, EgressRule, Guardrails, IngressRule, LabelSelector, NetworkPolicy, Peer } from '../src';

export { SHAPES };

export type SynthImpl = 'this' | 'raw' | 'kplus';

const NAMESPACES = 50;

/** What policy i says, independent of how it is written. */
export interface Intent {
  readonly shape: number;
  readonly name: string;
  readonly namespace: string;
  readonly app: string;
  /** pod labels, namespace labels, cidr, port */
  readonly peer: string;
  readonly except?: string;
  readonly port: number;
}

export function intentOf(i: number): Intent {
  const shape = i % SHAPES.length;
  const namespace = `team-${i % NAMESPACES}`;
  const app = `svc-${i}`;
  const b = Math.floor(i / 256) % 256;
  const c = i % 256;
  switch (shape) {
    case 0: return { shape, name: `allow-pods-${i}`, namespace, app, peer: `client-${i}`, port: 8080 };
    case 1: return { shape, name: `allow-ns-${i}`, namespace, app, peer: `team-${(i * 7) % NAMESPACES}`, port: 9090 };
    case 2: return { shape, name: `allow-cidr-${i}`, namespace, app, peer: `10.${b}.${c}.0/24`, except: `10.${b}.${c}.0/28`, port: 443 };
    case 3: return { shape, name: `egress-db-${i}`, namespace, app, peer: `db-${i}`, port: 5432 };
    // DNS for the pods of the egress policy just before it, so egress isolation has its DNS rule.
    default: return { shape, name: `dns-${i}`, namespace: `team-${(i - 1) % NAMESPACES}`, app: `svc-${i - 1}`, peer: 'kube-dns', port: 53 };
  }
}

/** The object every writer must produce for intent i (the raw writer writes exactly this). */
export function manifestOf(t: Intent): any {
  const metadata = { name: t.name, namespace: t.namespace };
  const podSelector = { matchLabels: { app: t.app } };
  const tcp = (port: number) => ({ port, protocol: 'TCP' });
  let spec: any;
  switch (t.shape) {
    case 0: spec = { podSelector, ingress: [{ from: [{ podSelector: { matchLabels: { app: t.peer } } }], ports: [tcp(t.port)] }], policyTypes: ['Ingress'] }; break;
    case 1: spec = { podSelector, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: t.peer } } }], ports: [tcp(t.port)] }], policyTypes: ['Ingress'] }; break;
    case 2: spec = { podSelector, ingress: [{ from: [{ ipBlock: { cidr: t.peer, except: [t.except] } }], ports: [tcp(t.port)] }], policyTypes: ['Ingress'] }; break;
    case 3: spec = { podSelector, egress: [{ to: [{ podSelector: { matchLabels: { app: t.peer } } }], ports: [tcp(t.port)] }], policyTypes: ['Egress'] }; break;
    default: spec = {
      podSelector,
      egress: [{
        to: [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, tcp(53)],
      }],
      policyTypes: ['Egress'],
    };
  }
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec };
}

function writeThis(chart: Construct, t: Intent, id: string): void {
  const metadata = { name: t.name, namespace: t.namespace };
  const podSelector = LabelSelector.matchLabels({ app: t.app });
  const ingress = (rule: IngressRule) => new NetworkPolicy(chart, id, { metadata, podSelector, ingress: [rule] });
  const egress = (rule: EgressRule) => new NetworkPolicy(chart, id, { metadata, podSelector, egress: [rule] });
  switch (t.shape) {
    case 0: ingress(IngressRule.fromPeers(Peer.pods(LabelSelector.matchLabels({ app: t.peer }))).toPort(t.port)); break;
    case 1: ingress(IngressRule.fromPeers(Peer.namespaces(LabelSelector.matchLabels({ team: t.peer }))).toPort(t.port)); break;
    case 2: ingress(IngressRule.fromPeers(Peer.ipBlock(t.peer, [t.except!])).toPort(t.port)); break;
    case 3: egress(EgressRule.toPeers(Peer.pods(LabelSelector.matchLabels({ app: t.peer }))).toPort(t.port)); break;
    default: egress(AllowDnsEgress.rule());
  }
}

function writeKplus(chart: Construct, t: Intent, id: string): void {
  const scope = new Construct(chart, id);
  const metadata = { name: t.name, namespace: t.namespace };
  const selector = kplus.Pods.select(scope, 'Selector', { labels: { app: t.app } });
  const tcp = kplus.NetworkPolicyPort.tcp(t.port);
  const policy = (props: kplus.NetworkPolicyProps) => new kplus.NetworkPolicy(scope, 'Policy', { metadata, selector, ...props });
  switch (t.shape) {
    case 0: policy({ ingress: { rules: [{ peer: kplus.Pods.select(scope, 'Peer', { labels: { app: t.peer } }), ports: [tcp] }] } }); break;
    case 1: policy({ ingress: { rules: [{ peer: kplus.Namespaces.select(scope, 'Peer', { labels: { team: t.peer } }), ports: [tcp] }] } }); break;
    case 2: policy({ ingress: { rules: [{ peer: kplus.NetworkPolicyIpBlock.ipv4(scope, 'Peer', t.peer, [t.except!]), ports: [tcp] }] } }); break;
    case 3: policy({ egress: { rules: [{ peer: kplus.Pods.select(scope, 'Peer', { labels: { app: t.peer } }), ports: [tcp] }] } }); break;
    default: policy({
      egress: {
        rules: [{
          peer: kplus.Pods.select(scope, 'Peer', { labels: { 'k8s-app': 'kube-dns' }, namespaces: kplus.Namespaces.select(scope, 'Ns', { names: ['kube-system'] }) }),
          ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)],
        }],
      },
    });
  }
}

export interface SynthCase {
  readonly impl: SynthImpl;
  readonly n: number;
  /** Guardrails.enable(chart) (this library only). */
  readonly guardrails?: boolean;
  /** false: the NetworkPolicy constructs' own validation is switched off, to measure its share. */
  readonly validation?: boolean;
}

/** Builds the app of a case: N policies in one chart. */
export function buildApp(c: SynthCase): App {
  const app = new App({ outdir: '/tmp/cdk8s-netpol-bench' });
  const chart = new Chart(app, 'Bench');
  if (c.guardrails) Guardrails.enable(chart);
  for (let i = 0; i < c.n; i++) {
    const t = intentOf(i);
    const id = `P${i}`;
    if (c.impl === 'this') writeThis(chart, t, id);
    else if (c.impl === 'raw') new ApiObject(chart, id, manifestOf(t));
    else writeKplus(chart, t, id);
  }
  return app;
}

/**
 * Switches the NetworkPolicy constructs' own synth-time validation on or off (only to measure its share:
 * the library has no such switch). Returns a function that restores it.
 */
export function setValidation(on: boolean): () => void {
  const proto = NetworkPolicy.prototype as unknown as { problems: () => string[] };
  const original = proto.problems;
  if (!on) proto.problems = () => [];
  return () => { proto.problems = original; };
}

/** One timed case: build the app and synthesize it to YAML. Returns the YAML. */
export function synthCase(c: SynthCase): string {
  const restore = setValidation(c.validation !== false);
  try {
    return buildApp(c).synthYaml();
  } finally {
    restore();
  }
}
