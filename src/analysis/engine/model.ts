// The analyzer's view of a cluster: namespaces, pods, external endpoints and compiled policies,
// read from plain manifests (what `chart.toJson()` returns, or parsed YAML) written by anyone.
import { cidrContainsIp, formatIp, ParsedIp } from '../../kube/cidr';
import { describeLabels, Labels, labelsOf } from '../../kube/labels';
import { describeSelector, isEmptySelector, Requirement, Selector, selectorMatches } from '../../kube/selectors';
import {
  ContainerPort as DecodedContainerPort,
  DecodedIpBlock,
  DecodedNamespace,
  DecodedPeer,
  DecodedPort,
  DecodedRule,
  DecodedService,
  FALLBACK_NAMESPACE,
  parseIpOrThrow,
  Snapshot,
  snapshotWarnings,
} from '../../kube/snapshot';
import { NAMESPACE_NAME_LABEL } from '../../kube/syntax';
import { parseYamlDocuments } from '../../kube/yaml';
import { decodeManifests } from '../../validation/decode';
import { PodDefinition } from '../options';
import { naturalCompare } from './natural';

export { describeLabels, describeSelector, FALLBACK_NAMESPACE, isEmptySelector, parseYamlDocuments, selectorMatches };
export type { Labels, Requirement, Selector };

/** The decoded model's shapes, as the analyzer names them. */
export type NamespaceModel = DecodedNamespace;
export type ContainerPort = DecodedContainerPort;
export type IpBlockModel = DecodedIpBlock;
export type PeerModel = DecodedPeer;
export type PortModel = DecodedPort;
export type ServiceModel = DecodedService;

/** A pod or an external IP: anything that sends or receives traffic. */
export interface Endpoint {
  /** `namespace/name` for pods, the canonical IP for externals. */
  readonly id: string;
  readonly index: number;
  readonly pod?: PodModel;
  readonly ips: readonly ParsedIp[];
}

export interface PodModel {
  readonly namespace: string;
  readonly name: string;
  /** Where it came from, e.g. `Pod`, `Deployment`, `option pods`. */
  readonly source: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** `Kind/name` of the workload at the top of the pod's controller chain (see DecodedWorkload.workload). */
  readonly workload?: string;
}

export interface RuleModel {
  /** Undefined when `from`/`to` is absent or empty: every peer. */
  readonly peers?: readonly PeerModel[];
  /** Undefined when `ports` is absent or empty: every port. */
  readonly ports?: readonly PortModel[];
}

export interface PolicyModel {
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  readonly id: string;
  readonly podSelector: Selector;
  readonly ingressIsolated: boolean;
  readonly egressIsolated: boolean;
  /** True when policyTypes was omitted and Kubernetes defaulted it. */
  readonly typesDefaulted: boolean;
  readonly ingress: readonly RuleModel[];
  readonly egress: readonly RuleModel[];
}

export interface Model {
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  /** Pods first (sorted by namespace, then name), then externals in the order given. */
  readonly endpoints: readonly Endpoint[];
  readonly policies: readonly PolicyModel[];
  readonly policiesByNamespace: ReadonlyMap<string, readonly PolicyModel[]>;
  /** What the analysis had to decide on the reader's behalf, e.g. which of two same-named policies counts. */
  readonly warnings: readonly string[];
  /** The core v1 Services of the input (destinations that resolve to the pods they select). */
  readonly services?: readonly ServiceModel[];
}

/** A pod added by hand, as the public options describe it. */
export interface LoadOptions {
  readonly externalIps?: readonly string[];
  /** Pods added by hand, as the public options describe them. */
  readonly pods?: readonly PodDefinition[];
  /** Where each manifest comes from (`file:line`), for messages; `manifests[i]` otherwise. */
  readonly locations?: readonly string[];
}


// ---- IPs ----

export function ipBlockMatches(block: IpBlockModel, ips: readonly ParsedIp[]): boolean {
  return ips.some((ip) => cidrContainsIp(block.cidr, ip) && !block.excepts.some((e) => cidrContainsIp(e, ip)));
}

export function describeIpBlock(block: IpBlockModel): string {
  const except = block.excepts.length > 0 ? ` except ${block.excepts.map((e) => e.canonical).join(', ')}` : '';
  return `${block.cidr.canonical}${except}`;
}

export function canonicalIp(ip: ParsedIp): string {
  return formatIp(ip.family, ip.value);
}

// ---- loading ----

function ruleModel(rule: DecodedRule): RuleModel {
  // An empty list means the same as an absent one: every peer, every port.
  return { peers: rule.peers.length > 0 ? rule.peers : undefined, ports: rule.ports.length > 0 ? rule.ports : undefined };
}

/** Reads objects (and `kind: List` items) into a model. Throws on unreadable objects and invalid policies, listing every problem. */
export function loadModel(manifests: readonly unknown[], options: LoadOptions = {}): Model {
  return modelFromSnapshot(decodeManifests(manifests.map((manifest, i) => ({ manifest, where: options.locations?.[i] ?? `manifests[${i}]` }))), options);
}

/** The model of a decoded snapshot plus the pods and external IPs of `options`. */
export function modelFromSnapshot(snapshot: Snapshot, options: Omit<LoadOptions, 'locations'> = {}): Model {
  // Every object is read before failing, so that one run reports every problem.
  const broken = snapshot.broken.map((b) => `${b.where}: ${b.message}`);
  if (snapshot.invalid.length > 0) {
    const lines = snapshot.invalid.flatMap((p) => p.errors.map((e) => `  ${p.name}: ${e.path}: ${e.message}`));
    broken.push(`invalid NetworkPolicy (it fails validation, so it cannot be analysed):\n${lines.join('\n')}`);
  }
  if (broken.length > 0) throw new Error(broken.join('\n'));

  const pods: PodModel[] = snapshot.workloads.map((w) => ({
    namespace: w.namespace,
    name: w.name,
    source: w.kind,
    labels: w.labels,
    ports: w.ports,
    ...(w.workload !== undefined ? { workload: w.workload } : {}),
  }));
  const podIpsByIndex: (readonly ParsedIp[])[] = snapshot.workloads.map((w) => w.ips);
  for (const extra of options.pods ?? []) {
    pods.push({
      namespace: extra.namespace ?? FALLBACK_NAMESPACE,
      name: extra.name,
      source: 'added pod',
      labels: labelsOf(Object.entries(extra.labels ?? {})),
      ports: (extra.ports ?? []).map((p) => ({ port: p.port, name: p.name, protocol: p.protocol ?? 'TCP' })),
    });
    podIpsByIndex.push((extra.ips ?? []).map((t) => parseIpOrThrow(t, `pod ${extra.name}`)));
  }

  const policies: PolicyModel[] = snapshot.effective.map((p, index) => ({
    index,
    namespace: p.namespace,
    name: p.name,
    id: p.id,
    podSelector: p.podSelector,
    ingressIsolated: p.ingressIsolated,
    egressIsolated: p.egressIsolated,
    typesDefaulted: p.typesDefaulted,
    ingress: p.ingress.map(ruleModel),
    egress: p.egress.map(ruleModel),
  }));
  const warnings = snapshot.duplicates.map(({ kept, replaced }) =>
    `${replaced.where} and ${kept.where} are both NetworkPolicy "${kept.id}": a cluster holds one object per namespace and name, so only the one applied last (${kept.where}) is analysed; give each its own metadata.name`);
  warnings.push(...snapshotWarnings(snapshot));

  const namespaces = new Map<string, NamespaceModel>(snapshot.namespaces);
  for (const pod of pods) {
    if (!namespaces.has(pod.namespace)) {
      namespaces.set(pod.namespace, { name: pod.namespace, labels: labelsOf([[NAMESPACE_NAME_LABEL, pod.namespace]]), declared: false });
    }
  }

  // Natural order (team-2 before team-10), namespace by namespace: each namespace is one run of rows.
  // Namespaces sorted once, then names within each: the same order as sorting all pods by both (a stable sort;
  // natural order ties only equal text), with far fewer comparisons on 100,000 pods.
  const byNamespace = new Map<string, number[]>();
  pods.forEach((pod, i) => {
    const run = byNamespace.get(pod.namespace);
    if (run) run.push(i);
    else byNamespace.set(pod.namespace, [i]);
  });
  const order = [...byNamespace.keys()].sort(naturalCompare)
    .flatMap((ns) => byNamespace.get(ns)!.sort((a, b) => naturalCompare(pods[a].name, pods[b].name)));
  const endpoints: Endpoint[] = [];
  const seen = new Map<string, PodModel>();
  for (const i of order) {
    const pod = pods[i];
    const id = `${pod.namespace}/${pod.name}`;
    const before = seen.get(id);
    if (before) throw new Error(`two pods are called "${id}" (${before.source} and ${pod.source}): give them different names or namespaces`);
    seen.set(id, pod);
    endpoints.push({ id, index: endpoints.length, pod, ips: podIpsByIndex[i] });
  }
  const externals = new Set<string>();
  const podByIp = new Map<string, Endpoint>();
  // Only external IPs are looked up: skip formatting every pod IP when there are none.
  if ((options.externalIps ?? []).length > 0) for (const e of endpoints) for (const ip of e.ips) podByIp.set(canonicalIp(ip), e);
  for (const text of options.externalIps ?? []) {
    const ip = parseIpOrThrow(text, 'external endpoint');
    const id = canonicalIp(ip);
    if (externals.has(id)) continue;
    externals.add(id);
    // An address a pod has is that pod, not a second endpoint beside it.
    const pod = podByIp.get(id);
    if (pod) {
      warnings.push(`external IP ${id} is the IP of pod ${pod.id}: it is analysed as that pod, not as a second endpoint`);
      continue;
    }
    endpoints.push({ id, index: endpoints.length, ips: [ip] });
  }

  const policiesByNamespace = new Map<string, PolicyModel[]>();
  for (const p of policies) {
    if (!policiesByNamespace.has(p.namespace)) policiesByNamespace.set(p.namespace, []);
    policiesByNamespace.get(p.namespace)!.push(p);
  }
  return { namespaces, endpoints, policies, policiesByNamespace, warnings, services: snapshot.services };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
