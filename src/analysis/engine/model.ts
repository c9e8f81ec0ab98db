// The analyzer's view of a cluster: namespaces, pods, external endpoints and compiled policies,
// read from plain manifests (what `chart.toJson()` returns, or parsed YAML) written by anyone.
import { parseAllDocuments } from 'yaml';
import { cidrContainsIp, formatIp, parseCidr, parseIp, ParsedCidr, ParsedIp } from '../../kube/cidr';
import { isCoreNetworkPolicy, isObject, isWorkloadKind, labelsMatch, Obj, podTemplateOf } from '../../kube/objects';
import { NAMESPACE_NAME_LABEL } from '../../kube/syntax';
import { formatProblem, validateNetworkPolicy } from '../../validation/network-policy';

/** The namespace Kubernetes uses for objects that name none. */
export const FALLBACK_NAMESPACE = 'default';

export type Labels = { readonly [key: string]: string };

export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A compiled label selector; `key` is canonical, so equal selectors share one. */
export interface Selector {
  readonly matchLabels: readonly (readonly [string, string])[];
  readonly requirements: readonly Requirement[];
  readonly key: string;
}

export interface NamespaceModel {
  readonly name: string;
  readonly labels: Labels;
  /** False when only pods or policies mention it. */
  readonly declared: boolean;
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

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
}

export interface IpBlockModel {
  readonly cidr: ParsedCidr;
  readonly excepts: readonly ParsedCidr[];
  readonly key: string;
}

export interface PeerModel {
  readonly podSelector?: Selector;
  readonly namespaceSelector?: Selector;
  readonly ipBlock?: IpBlockModel;
}

export interface PortModel {
  readonly protocol: string;
  readonly port?: number;
  readonly endPort?: number;
  readonly name?: string;
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
}

/** A pod added by hand, as the public options describe it. */
export interface ExtraPod {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly ports?: readonly { readonly port: number; readonly name?: string; readonly protocol?: string }[];
  readonly ips?: readonly string[];
}

export interface LoadOptions {
  readonly externalIps?: readonly string[];
  readonly pods?: readonly ExtraPod[];
  /** Where each manifest comes from (`file:document`), for messages; `object N` otherwise. */
  readonly locations?: readonly string[];
}


function stringMap(value: unknown): { [key: string]: string } {
  if (!isObject(value)) return {};
  const out: { [key: string]: string } = {};
  // JSON null decodes to "" in a Go map[string]string: the key stays, with an empty value.
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v === null ? '' : String(v);
  return out;
}

// ---- selectors ----

export function compileSelector(raw: unknown): Selector {
  const sel = isObject(raw) ? raw : {};
  const matchLabels = Object.entries(stringMap(sel.matchLabels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const requirements: Requirement[] = (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).map((e: Obj) => ({
    key: String(e.key),
    operator: e.operator,
    values: Array.isArray(e.values) ? e.values.map(String) : [],
  }));
  const key = JSON.stringify([matchLabels, requirements.map((r) => [r.key, r.operator, [...r.values].sort()]).sort()]);
  return { matchLabels, requirements, key };
}

export function isEmptySelector(selector: Selector): boolean {
  return selector.matchLabels.length === 0 && selector.requirements.length === 0;
}

export function selectorMatches(selector: Selector, labels: Labels): boolean {
  return labelsMatch(selector.matchLabels, selector.requirements, labels);
}

/** `{role=db, tier in (a,b), !legacy}`; `{}` selects everything. */
export function describeSelector(selector: Selector): string {
  const parts = selector.matchLabels.map(([k, v]) => `${k}=${v}`);
  for (const r of selector.requirements) {
    if (r.operator === 'In') parts.push(`${r.key} in (${r.values.join(',')})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${r.values.join(',')})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return `{${parts.join(', ')}}`;
}

export function describeLabels(labels: Labels): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

// ---- IPs ----

export function ipBlockMatches(block: IpBlockModel, ips: readonly ParsedIp[]): boolean {
  return ips.some((ip) => cidrContainsIp(block.cidr, ip) && !block.excepts.some((e) => cidrContainsIp(e, ip)));
}

export function describeIpBlock(block: IpBlockModel): string {
  const except = block.excepts.length > 0 ? ` except ${block.excepts.map((e) => e.canonical).join(', ')}` : '';
  return `${block.cidr.canonical}${except}`;
}

function parseIpOrThrow(text: unknown, what: string): ParsedIp {
  const ip = typeof text === 'string' ? parseIp(text.trim()) : undefined;
  if (!ip) {
    const asCidr = typeof text === 'string' && text.includes('/') ? ' (give a single address, not a CIDR)' : '';
    throw new Error(`${what}: ${JSON.stringify(text)} is not a valid IP address${asCidr}`);
  }
  return ip;
}

export function canonicalIp(ip: ParsedIp): string {
  return formatIp(ip.family, ip.value);
}

// ---- loading ----

function containerPorts(podSpec: unknown): ContainerPort[] {
  const out: ContainerPort[] = [];
  const containers = isObject(podSpec) && Array.isArray(podSpec.containers) ? podSpec.containers : [];
  for (const c of containers) {
    for (const p of isObject(c) && Array.isArray(c.ports) ? c.ports : []) {
      if (!isObject(p) || typeof p.containerPort !== 'number') continue;
      out.push({ port: p.containerPort, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', name: typeof p.name === 'string' ? p.name : undefined });
    }
  }
  return out;
}

function podIps(status: unknown, context: string): ParsedIp[] {
  if (!isObject(status)) return [];
  const texts = new Set<string>();
  if (typeof status.podIP === 'string') texts.add(status.podIP);
  if (Array.isArray(status.podIPs)) for (const p of status.podIPs) if (isObject(p) && typeof p.ip === 'string') texts.add(p.ip);
  return [...texts].map((t) => parseIpOrThrow(t, `${context}: status.podIP`));
}

function compilePeers(raw: unknown): PeerModel[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.map((p: Obj) => {
    const peer: { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: IpBlockModel } = {};
    if (p.podSelector !== undefined && p.podSelector !== null) peer.podSelector = compileSelector(p.podSelector);
    if (p.namespaceSelector !== undefined && p.namespaceSelector !== null) peer.namespaceSelector = compileSelector(p.namespaceSelector);
    if (p.ipBlock) {
      // Already validated, so parsing cannot fail here.
      const cidr = parseCidr(p.ipBlock.cidr).cidr!;
      const excepts = (p.ipBlock.except ?? []).map((e: string) => parseCidr(e).cidr!);
      peer.ipBlock = { cidr, excepts, key: JSON.stringify([cidr.canonical, excepts.map((e: ParsedCidr) => e.canonical).sort()]) };
    }
    return peer;
  });
}

function compilePorts(raw: unknown): PortModel[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  // A null entry decodes to an empty port: TCP, every port.
  return raw.map((entry: Obj | null) => {
    const p = entry ?? {};
    const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
    if (typeof p.port === 'string') return { protocol, name: p.port };
    if (typeof p.port === 'number') return { protocol, port: p.port, endPort: typeof p.endPort === 'number' ? p.endPort : undefined };
    return { protocol };
  });
}

function compileRules(raw: unknown, peerField: string): RuleModel[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((r: Obj) => ({ peers: compilePeers(r?.[peerField]), ports: compilePorts(r?.ports) }));
}

/** Reads objects (and `kind: List` items) into a model. Throws on invalid policies, listing every problem. */
export function loadModel(manifests: readonly unknown[], options: LoadOptions = {}): Model {
  const declared = new Map<string, Labels>();
  const pods: PodModel[] = [];
  const podIpsByIndex: ParsedIp[][] = [];
  const rawPolicies: Obj[] = [];
  const invalid: string[] = [];

  const visit = (doc: unknown, where: string): void => {
    if (doc === null || doc === undefined) return;
    if (!isObject(doc)) throw new Error(`${where}: expected a Kubernetes object, not ${JSON.stringify(doc)}`);
    const kind = doc.kind;
    const meta = isObject(doc.metadata) ? doc.metadata : {};
    const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : FALLBACK_NAMESPACE;
    if (kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(doc.items))) {
      (doc.items ?? []).forEach((item: unknown, i: number) => visit(item, `${where}.items[${i}]`));
    } else if (kind === 'Namespace') {
      if (typeof meta.name !== 'string') throw new Error(`${where}: Namespace without metadata.name`);
      // The API server sets this label on every namespace and overrides any other value.
      declared.set(meta.name, { ...stringMap(meta.labels), [NAMESPACE_NAME_LABEL]: meta.name });
    } else if (kind === 'Pod') {
      if (typeof meta.name !== 'string') throw new Error(`${where}: Pod without metadata.name`);
      pods.push({ namespace, name: meta.name, source: 'Pod', labels: stringMap(meta.labels), ports: containerPorts(doc.spec) });
      podIpsByIndex.push(podIps(doc.status, `${where}: ${namespace}/${meta.name}`));
    } else if (isWorkloadKind(kind) && isObject(doc.spec)) {
      if (typeof meta.name !== 'string') throw new Error(`${where}: ${kind} without metadata.name`);
      const template = podTemplateOf(doc);
      const tmeta = isObject(template.metadata) ? template.metadata : {};
      const ports = containerPorts(template.spec);
      pods.push({ namespace, name: meta.name, source: kind, labels: stringMap(tmeta.labels), ports });
      podIpsByIndex.push([]);
    } else if (isCoreNetworkPolicy(doc)) {
      const problems = validateNetworkPolicy(doc).filter((p) => p.severity === 'error');
      if (problems.length > 0) {
        const name = typeof meta.name === 'string' ? `${namespace}/${meta.name}` : where;
        invalid.push(...problems.map((p) => `  ${name}: ${formatProblem(p)}`));
      } else {
        rawPolicies.push({ ...doc, metadata: { ...meta, namespace } });
      }
    }
  };
  // Every object is read before failing, so that one run reports every problem.
  const broken: string[] = [];
  manifests.forEach((m, i) => {
    try {
      visit(m, options.locations?.[i] ?? `object ${i + 1}`);
    } catch (e) {
      broken.push((e as Error).message);
    }
  });
  if (invalid.length > 0) {
    broken.push(`invalid NetworkPolicy (it fails validation, so it cannot be analysed):\n${invalid.join('\n')}`);
  }
  if (broken.length > 0) throw new Error(broken.join('\n'));

  for (const extra of options.pods ?? []) {
    pods.push({
      namespace: extra.namespace ?? FALLBACK_NAMESPACE,
      name: extra.name,
      source: 'added pod',
      labels: { ...(extra.labels ?? {}) },
      ports: (extra.ports ?? []).map((p) => ({ port: p.port, name: p.name, protocol: p.protocol ?? 'TCP' })),
    });
    podIpsByIndex.push((extra.ips ?? []).map((t) => parseIpOrThrow(t, `pod ${extra.name}`)));
  }

  const policies: PolicyModel[] = rawPolicies.map((doc, index) => {
    const spec: Obj = isObject(doc.spec) ? doc.spec : {};
    const ingress = Array.isArray(spec.ingress) ? spec.ingress : [];
    const egress = Array.isArray(spec.egress) ? spec.egress : [];
    const explicit: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
    // SetDefaults_NetworkPolicy: with no policyTypes, Ingress always, Egress only when egress rules exist.
    const typesDefaulted = explicit.length === 0;
    const types = typesDefaulted ? ['Ingress', ...(egress.length > 0 ? ['Egress'] : [])] : explicit;
    const namespace: string = doc.metadata.namespace;
    const name: string = doc.metadata.name ?? doc.metadata.generateName;
    return {
      index,
      namespace,
      name,
      id: `${namespace}/${name}`,
      podSelector: compileSelector(spec.podSelector),
      ingressIsolated: types.includes('Ingress'),
      egressIsolated: types.includes('Egress'),
      typesDefaulted,
      ingress: compileRules(ingress, 'from'),
      egress: compileRules(egress, 'to'),
    };
  });

  // Namespaces that pods or policies use but nobody declared exist with only the automatic label.
  const namespaces = new Map<string, NamespaceModel>();
  for (const [name, labels] of declared) namespaces.set(name, { name, labels, declared: true });
  for (const ns of [...pods.map((p) => p.namespace), ...policies.map((p) => p.namespace)]) {
    if (!namespaces.has(ns)) namespaces.set(ns, { name: ns, labels: { [NAMESPACE_NAME_LABEL]: ns }, declared: false });
  }

  const order = pods.map((_, i) => i).sort((a, b) => compareIds(`${pods[a].namespace}/${pods[a].name}`, `${pods[b].namespace}/${pods[b].name}`));
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
  for (const text of options.externalIps ?? []) {
    const ip = parseIpOrThrow(text, 'external endpoint');
    const id = canonicalIp(ip);
    if (externals.has(id)) continue;
    externals.add(id);
    endpoints.push({ id, index: endpoints.length, ips: [ip] });
  }

  const policiesByNamespace = new Map<string, PolicyModel[]>();
  for (const p of policies) {
    if (!policiesByNamespace.has(p.namespace)) policiesByNamespace.set(p.namespace, []);
    policiesByNamespace.get(p.namespace)!.push(p);
  }
  return { namespaces, endpoints, policies, policiesByNamespace };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses multi-document YAML into plain objects; errors name the document and line. */
export function parseYamlDocuments(text: string, fileName = 'YAML'): unknown[] {
  // YAML 1.1 like kubectl and `netpol`: an unquoted `on` is a boolean, `0120` is octal.
  const docs = parseAllDocuments(text, { version: '1.1' });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0] ? ` line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      throw new Error(`${fileName}: cannot parse document ${i + 1}${line}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  });
  return out;
}
