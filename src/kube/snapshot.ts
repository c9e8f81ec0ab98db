// Manifests decoded once into a typed, frozen snapshot of a cluster: namespaces, pods and workloads,
// and NetworkPolicies with their server defaults applied and selectors compiled. Guardrails, the
// analyzer and the CLI all read this, so they agree on every rule (policyTypes defaulting, namespace
// fallback, null as "", which object of a name the cluster keeps).
import { parseCidr, ParsedCidr, parseIp, ParsedIp } from './cidr';
import { IGNORE_ANNOTATION, INTENT_ANNOTATION, intentForRule, mergeIntents, parseIntent, parseSuppressions, PolicyIntent, RuleIntent, Suppression, uniqueSuppressions } from './intent';
import { decodeStringMap, Labels, labelsOf, labelValue } from './labels';
import { isCoreNetworkPolicy, isObject, isWorkloadKind, metadataOf, Obj, podTemplateOf } from './objects';
import { FieldProblem, PolicyValidator, ValidationResult } from './problems';
import { show } from './quote';
import { compileSelector, Selector } from './selectors';
import { NAMESPACE_NAME_LABEL } from './syntax';

/** The namespace Kubernetes uses for objects that name none. */
export const FALLBACK_NAMESPACE = 'default';

/** What the decoder is told about a policy, beyond its YAML. */
export interface DecodeInput {
  readonly manifest: unknown;
  /** Where it comes from, for messages: a construct path or `file:line`. */
  readonly where: string;
  /** Intent known from the construct that rendered it (merged with the intent annotation). */
  readonly intent?: PolicyIntent;
  /** Suppressions from the construct tree (added to the ignore annotation's). */
  readonly suppressions?: readonly Suppression[];
  /** Validation already done for this very object (so it is validated once per run). */
  readonly validation?: ValidationResult;
}


export interface DecodedNamespace {
  readonly name: string;
  /** With the kubernetes.io/metadata.name label the API server sets. */
  readonly labels: Labels;
  /** False when only pods or policies mention it. */
  readonly declared: boolean;
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

/** A Pod, or a workload standing for the pods of its template. */
export interface DecodedWorkload {
  readonly input: number;
  readonly where: string;
  /** `Pod`, `Deployment`, ... */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The pod's labels (for workloads, the pod template's). */
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** Pod IPs from `status` (pods only). */
  readonly ips: readonly ParsedIp[];
  /** `Kind/name` of the objects named in `metadata.ownerReferences`, in the same namespace. */
  readonly owners: readonly string[];
  /**
   * For pods, `Kind/name` of the workload at the top of their controller chain (Pod -> ReplicaSet ->
   * Deployment, Job -> CronJob): as far up as the input holds the owners, else the pod's own controller.
   */
  readonly workload?: string;
  /**
   * `spec.hostNetwork: true` (of the pod, or of the workload's pod template): the pod uses its node's
   * network, which NetworkPolicies police as the node's traffic on most network plugins.
   */
  readonly hostNetwork?: boolean;
  /**
   * `status.phase` of a finished pod (`Succeeded` or `Failed`), for those in `Snapshot.finished`.
   * @default - not finished
   */
  readonly phase?: string;
}

/** One port of a Service: what clients connect to (`port`), and where it goes on the pods (`targetPort`). */
export interface DecodedServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
  /** A container port number, or the name of a container port (resolved per pod). Defaults to `port`. */
  readonly targetPort: number | string;
}

/** A core v1 Service. */
export interface DecodedService {
  readonly input: number;
  readonly where: string;
  readonly namespace: string;
  readonly name: string;
  /** `ClusterIP` (default), `NodePort`, `LoadBalancer` or `ExternalName`. */
  readonly type: string;
  /** Undefined when the Service has no selector (its endpoints are managed by hand): its pods are unknown. */
  readonly selector?: Labels;
  /** True when `spec.selector` is written but empty (`{}`): Kubernetes then manages no endpoints, as with none. */
  readonly emptySelector?: boolean;
  readonly ports: readonly DecodedServicePort[];
  /** `spec.externalName` of an ExternalName Service. */
  readonly externalName?: string;
}

export interface DecodedIpBlock {
  readonly cidr: ParsedCidr;
  readonly excepts: readonly ParsedCidr[];
  readonly key: string;
}

export interface DecodedPeer {
  readonly podSelector?: Selector;
  readonly namespaceSelector?: Selector;
  readonly ipBlock?: DecodedIpBlock;
}

export interface DecodedPort {
  readonly protocol: string;
  readonly port?: number;
  readonly endPort?: number;
  readonly name?: string;
}

export interface DecodedRule {
  /** `ingress[0]`. */
  readonly id: string;
  /** `spec.ingress[0]`. */
  readonly path: string;
  /** `from` or `to`. */
  readonly peerField: 'from' | 'to';
  /** Empty when `from`/`to` is absent or empty: every peer. */
  readonly peers: readonly DecodedPeer[];
  /** Empty when `ports` is absent or empty: every port. */
  readonly ports: readonly DecodedPort[];
  /** What the author meant on purpose. */
  readonly intent: ReadonlySet<RuleIntent>;
}

export interface DecodedPolicy {
  readonly input: number;
  readonly where: string;
  readonly namespace: string;
  /** False when the object names no namespace (it goes to `default`). */
  readonly namespaceGiven: boolean;
  readonly name: string;
  /** `namespace/name`. */
  readonly id: string;
  readonly podSelector: Selector;
  /** True when policyTypes was omitted (or empty) and the server defaulted it. */
  readonly typesDefaulted: boolean;
  readonly ingressIsolated: boolean;
  readonly egressIsolated: boolean;
  readonly ingress: readonly DecodedRule[];
  readonly egress: readonly DecodedRule[];
  /** `egress` is written, even as `[]`. */
  readonly egressWritten: boolean;
  /** What the API server would warn about. */
  readonly warnings: readonly FieldProblem[];
  readonly intent: PolicyIntent;
  readonly suppressions: readonly Suppression[];
  /** The object as given. */
  readonly manifest: Obj;
}

export interface InvalidPolicy {
  readonly input: number;
  readonly where: string;
  /** `namespace/name` as written (`(unnamed)` without a name). */
  readonly name: string;
  readonly errors: readonly FieldProblem[];
}

/** A NetworkPolicy of another API group (Calico, Antrea), which the core semantics do not cover. */
export interface ForeignPolicy {
  readonly input: number;
  readonly where: string;
  readonly name: string;
  readonly apiVersion: string;
}

/** Two valid policies with one namespace/name: the cluster keeps the last one applied. */
export interface DuplicatePolicy {
  /** The last policy of the name, the one the cluster holds (the same for every copy it replaces). */
  readonly kept: DecodedPolicy;
  /** An earlier policy of the name. */
  readonly replaced: DecodedPolicy;
}

/** An object the decoder could not read (not a mapping, a Pod without a name, a bad pod IP, ...). */
export interface BrokenObject {
  readonly where: string;
  readonly message: string;
  /** Not an object at all (kubectl could not read it either), rather than one the analyzer cannot place. */
  readonly unreadable?: boolean;
}

export interface Snapshot {
  readonly inputs: readonly DecodeInput[];
  /** Declared namespaces and those that objects only mention. */
  readonly namespaces: ReadonlyMap<string, DecodedNamespace>;
  /** Pods, and the workloads whose pods the input does not hold (a dump holds a Deployment, its ReplicaSets and their Pods: the Pods count). */
  readonly workloads: readonly DecodedWorkload[];
  /** Core v1 Services, in input order. */
  readonly services: readonly DecodedService[];
  /**
   * Pods left out because they have finished (`status.phase` Succeeded or Failed, e.g. evicted): they
   * send and receive nothing, no Service sends them traffic, and their IPs may be another pod's now.
   */
  readonly finished: readonly DecodedWorkload[];
  /** Every valid core NetworkPolicy, in input order. */
  readonly policies: readonly DecodedPolicy[];
  /** The policies the cluster would hold: for each namespace/name, the last one. */
  readonly effective: readonly DecodedPolicy[];
  readonly duplicates: readonly DuplicatePolicy[];
  readonly invalid: readonly InvalidPolicy[];
  readonly foreign: readonly ForeignPolicy[];
  readonly broken: readonly BrokenObject[];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function describeName(meta: Obj): string {
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name;
}

function containerPorts(podSpec: unknown): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of isObject(podSpec) ? list(podSpec.containers) : []) {
    for (const p of isObject(c) ? list(c.ports) : []) {
      if (!isObject(p) || typeof p.containerPort !== 'number') continue;
      out.push(Object.freeze({
        port: p.containerPort,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
      }));
    }
  }
  return out;
}

/** Parses an IP the way the analyzer needs it; throws with the field and the fix. */
export function parseIpOrThrow(text: unknown, what: string): ParsedIp {
  const ip = typeof text === 'string' ? parseIp(text.trim()) : undefined;
  if (!ip) {
    const asCidr = typeof text === 'string' && text.includes('/') ? ' (give a single address, not a CIDR)' : '';
    throw new Error(`${what}: ${JSON.stringify(text)} is not a valid IP address${asCidr}`);
  }
  return ip;
}

function podIps(status: unknown, namespace: string, name: string): ParsedIp[] {
  if (!isObject(status)) return [];
  const texts = new Set<string>();
  // An empty podIP is a pod that has none yet (some clients write "" rather than leave it out).
  if (typeof status.podIP === 'string' && status.podIP !== '') texts.add(status.podIP);
  for (const p of list(status.podIPs)) if (isObject(p) && typeof p.ip === 'string' && p.ip !== '') texts.add(p.ip);
  // The message's text is built only for an IP that fails (100,000 pods, one string each otherwise).
  return [...texts].map((t) => parseIp(t.trim()) ?? parseIpOrThrow(t, `${namespace}/${name}: status.podIP`));
}

function decodePeer(raw: unknown): DecodedPeer {
  const p = isObject(raw) ? raw : {};
  // One shape for every peer (absent fields undefined), as for ports.
  const peer: { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: DecodedIpBlock } = {
    podSelector: undefined,
    namespaceSelector: undefined,
    ipBlock: undefined,
  };
  if (p.podSelector !== undefined && p.podSelector !== null) peer.podSelector = compileSelector(p.podSelector);
  if (p.namespaceSelector !== undefined && p.namespaceSelector !== null) peer.namespaceSelector = compileSelector(p.namespaceSelector);
  if (isObject(p.ipBlock)) {
    // Validated already: the server accepts these, so they parse (sloppily for except, as it does).
    const cidr = parseCidr(String(p.ipBlock.cidr)).cidr!;
    const excepts = list(p.ipBlock.except).map((e) => parseCidr(String(e)).cidr!);
    const key = JSON.stringify([cidr.canonical, excepts.map((e) => e.canonical).sort()]);
    peer.ipBlock = Object.freeze({ cidr, excepts: Object.freeze(excepts), key });
  }
  return Object.freeze(peer);
}

function decodePort(raw: unknown): DecodedPort {
  // A null entry decodes to an empty port: TCP, every port.
  const p = isObject(raw) ? raw : {};
  const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
  // One shape for every port (absent fields undefined): the analyzer's hot loop reads these.
  return Object.freeze({
    protocol,
    port: typeof p.port === 'number' ? p.port : undefined,
    endPort: typeof p.port === 'number' && typeof p.endPort === 'number' ? p.endPort : undefined,
    name: typeof p.port === 'string' ? p.port : undefined,
  });
}

function decodeRules(spec: Obj, direction: 'ingress' | 'egress', intent: PolicyIntent): DecodedRule[] {
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return list(spec[direction]).map((r, i) => {
    const rule = isObject(r) ? r : {};
    const id = `${direction}[${i}]`;
    return Object.freeze({
      id,
      path: `spec.${id}`,
      peerField,
      peers: Object.freeze(list(rule[peerField]).map(decodePeer)),
      ports: Object.freeze(list(rule.ports).map(decodePort)),
      intent: intentForRule(intent, id, r),
    });
  });
}

function decodePolicy(doc: Obj, input: DecodeInput, index: number, warnings: readonly FieldProblem[]): DecodedPolicy {
  const meta = metadataOf(doc);
  const spec: Obj = isObject(doc.spec) ? doc.spec : {};
  const annotations = decodeStringMap(meta.annotations);
  const parsed = parseIntent(labelValue(annotations, INTENT_ANNOTATION));
  const intent = input.intent ? mergeIntents(parsed, input.intent) : parsed;
  const ingress = decodeRules(spec, 'ingress', intent);
  const egress = decodeRules(spec, 'egress', intent);
  const explicit = list(spec.policyTypes);
  // SetDefaults_NetworkPolicy: with no policyTypes, Ingress always, Egress only when egress rules exist.
  const typesDefaulted = explicit.length === 0;
  const types = typesDefaulted ? ['Ingress', ...(egress.length > 0 ? ['Egress'] : [])] : explicit;
  const namespaceGiven = typeof meta.namespace === 'string' && meta.namespace !== '';
  const namespace = namespaceGiven ? meta.namespace as string : FALLBACK_NAMESPACE;
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : String(meta.generateName ?? '');
  return Object.freeze({
    input: index,
    where: input.where,
    namespace,
    namespaceGiven,
    name,
    id: `${namespace}/${name}`,
    podSelector: compileSelector(spec.podSelector),
    typesDefaulted,
    ingressIsolated: types.includes('Ingress'),
    egressIsolated: types.includes('Egress'),
    ingress: Object.freeze(ingress),
    egress: Object.freeze(egress),
    egressWritten: Array.isArray(spec.egress),
    warnings: Object.freeze([...warnings]),
    intent,
    suppressions: Object.freeze(uniqueSuppressions([
      ...parseSuppressions(labelValue(annotations, IGNORE_ANNOTATION)),
      ...(input.suppressions ?? []),
    ])),
    manifest: doc,
  });
}

/** True when the policy names itself (`metadata.name`), rather than leaving it to `generateName`. */
function hasName(policy: DecodedPolicy): boolean {
  const name = metadataOf(policy.manifest).name;
  return typeof name === 'string' && name !== '';
}

/** `Kind/name` of the controller in `metadata.ownerReferences` (the first reference when none says controller). */
function controllerOf(meta: Obj): string | undefined {
  const refs = list(meta.ownerReferences).filter((o): o is Obj => isObject(o) && typeof o.kind === 'string' && typeof o.name === 'string');
  const ref = refs.find((o) => o.controller === true) ?? refs[0];
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}

/** A core v1 Service (not Knative's serving.knative.dev Service, which reuses the kind). */
function isCoreService(doc: Obj): boolean {
  return doc.kind === 'Service' && (doc.apiVersion === undefined || doc.apiVersion === 'v1');
}

function servicePorts(spec: Obj): DecodedServicePort[] {
  const out: DecodedServicePort[] = [];
  for (const p of list(spec.ports)) {
    if (!isObject(p) || typeof p.port !== 'number') continue;
    const target = typeof p.targetPort === 'number' || (typeof p.targetPort === 'string' && p.targetPort !== '') ? p.targetPort : p.port;
    out.push(Object.freeze({
      ...(typeof p.name === 'string' && p.name !== '' ? { name: p.name } : {}),
      port: p.port,
      protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      targetPort: target,
    }));
  }
  return out;
}

/**
 * Each pod's top workload: up its controller references for as long as the input holds the owner
 * (`seen` stops a cycle). A pod whose controller is not in the input keeps that controller's name.
 */
function withWorkloads(workloads: readonly DecodedWorkload[], controllers: ReadonlyMap<DecodedWorkload, string>): DecodedWorkload[] {
  const byKey = new Map(workloads.filter((w) => w.kind !== 'Pod').map((w) => [`${w.namespace}/${w.kind}/${w.name}`, w]));
  return workloads.map((w) => {
    let top = w.kind === 'Pod' ? controllers.get(w) : undefined;
    if (top === undefined) return w;
    const seen = new Set<DecodedWorkload>();
    for (let owner = byKey.get(`${w.namespace}/${top}`); owner && !seen.has(owner); owner = byKey.get(`${w.namespace}/${top}`)) {
      seen.add(owner);
      const up = controllers.get(owner);
      if (up === undefined) break;
      top = up;
    }
    return Object.freeze({ ...w, workload: top });
  });
}

/**
 * Pods whose ReplicaSet the input lacks (a dump of `deploy,pods` without `rs`) are linked to their Deployment
 * by the name the Deployment controller gives its ReplicaSets, `<deployment>-<pod-template-hash>`, so
 * that the Deployment is represented by them rather than counted beside them.
 */
function adoptOrphans(workloads: readonly DecodedWorkload[], controllers: Map<DecodedWorkload, string>): DecodedWorkload[] {
  const present = new Set(workloads.filter((w) => w.kind !== 'Pod').map((w) => `${w.namespace}/${w.kind}/${w.name}`));
  return workloads.map((w) => {
    const controller = controllers.get(w);
    if (w.kind !== 'Pod' || controller === undefined || !controller.startsWith('ReplicaSet/') || present.has(`${w.namespace}/${controller}`)) return w;
    const hash = labelValue(w.labels, 'pod-template-hash');
    const rs = controller.slice('ReplicaSet/'.length);
    if (hash === undefined || hash === '' || !rs.endsWith(`-${hash}`)) return w;
    const deployment = `Deployment/${rs.slice(0, rs.length - hash.length - 1)}`;
    if (!present.has(`${w.namespace}/${deployment}`)) return w;
    const adopted: DecodedWorkload = Object.freeze({ ...w, owners: Object.freeze([...w.owners, deployment]) });
    controllers.delete(w);
    controllers.set(adopted, deployment);
    return adopted;
  });
}

function ownersOf(meta: Obj): string[] {
  return list(meta.ownerReferences)
    .filter((o): o is Obj => isObject(o) && typeof o.kind === 'string' && typeof o.name === 'string')
    .map((o) => `${o.kind}/${o.name}`);
}

/**
 * The workloads that stand for pods of their own: in a cluster dump, a Deployment, its ReplicaSets and
 * their Pods are one set of pods, so a workload is left out when pods of the input belong to it (through
 * ownerReferences: Pod -> ReplicaSet -> Deployment, Job -> CronJob, ...) or when another workload of the
 * input owns it (that one, or its pods, stands for it). Pods always count.
 */
function standalone(workloads: readonly DecodedWorkload[]): DecodedWorkload[] {
  const key = (namespace: string, ref: string) => `${namespace}/${ref}`;
  const byKey = new Map(workloads.filter((w) => w.kind !== 'Pod').map((w) => [key(w.namespace, `${w.kind}/${w.name}`), w]));
  const represented = new Set<DecodedWorkload>();
  for (const w of workloads) {
    if (w.kind !== 'Pod' && w.owners.some((o) => byKey.has(key(w.namespace, o)))) represented.add(w);
    if (w.kind !== 'Pod') continue;
    // Every owner up the chain has pods here; the chain is short, and `seen` stops a cycle.
    const seen = new Set<DecodedWorkload>();
    const up = [...w.owners];
    while (up.length > 0) {
      const owner = byKey.get(key(w.namespace, up.pop()!));
      if (!owner || seen.has(owner)) continue;
      seen.add(owner);
      represented.add(owner);
      up.push(...owner.owners);
    }
  }
  return workloads.filter((w) => !represented.has(w));
}

/** True for a `List` kind (v1 List, NetworkPolicyList, ...). */
function isListKind(kind: unknown): boolean {
  return typeof kind === 'string' && kind.endsWith('List');
}

/**
 * Decodes objects (and the items of `kind: List`s) into a snapshot. Never throws: what cannot be read
 * is listed in `broken`, policies the API server would reject in `invalid`.
 */
export function decodeSnapshot(inputs: readonly DecodeInput[], validate: PolicyValidator): Snapshot {
  const declared = new Map<string, Labels>();
  const workloads: DecodedWorkload[] = [];
  const controllers = new Map<DecodedWorkload, string>();
  const services: DecodedService[] = [];
  const finished: DecodedWorkload[] = [];
  const policies: DecodedPolicy[] = [];
  const invalid: InvalidPolicy[] = [];
  const foreign: ForeignPolicy[] = [];
  const broken: BrokenObject[] = [];

  const visit = (doc: unknown, input: DecodeInput, index: number, where: string): void => {
    if (doc === null || doc === undefined) return;
    if (!isObject(doc)) {
      broken.push({ where, message: `expected a Kubernetes object, not ${show(doc)}`, unreadable: true });
      return;
    }
    const kind = doc.kind;
    const meta = metadataOf(doc);
    const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : FALLBACK_NAMESPACE;
    // Not `default`: kubectl cannot read a namespace that is not a string (`namespace: y` is true in YAML 1.1).
    if (meta.namespace !== undefined && meta.namespace !== null && typeof meta.namespace !== 'string' && !isListKind(kind)) {
      broken.push({ where, message: `a ${typeof kind === 'string' ? kind : 'object'} whose metadata.namespace is ${show(meta.namespace)}, not a string: quote it in YAML`, unreadable: true });
      return;
    }
    if (isListKind(kind) && doc.items !== undefined && doc.items !== null) {
      if (!Array.isArray(doc.items)) {
        broken.push({ where, message: `a ${kind} whose items is not a list (${typeof doc.items}): write items as a YAML list`, unreadable: true });
        return;
      }
      doc.items.forEach((item: unknown, i: number) => visit(item, input, index, `${where}.items[${i}]`));
    } else if (kind === 'Namespace') {
      if (typeof meta.name !== 'string' || meta.name === '') {
        broken.push({ where, message: 'a Namespace without metadata.name' });
        return;
      }
      // The API server sets this label on every namespace and overrides any other value.
      // It goes last whether or not the object carries it (a dump does), so that messages read the same.
      const own = Object.entries(decodeStringMap(meta.labels)).filter(([k]) => k !== NAMESPACE_NAME_LABEL);
      declared.set(meta.name, labelsOf([...own, [NAMESPACE_NAME_LABEL, meta.name]]));
    } else if (kind === 'Pod' || (isWorkloadKind(kind) && isObject(doc.spec))) {
      if (typeof meta.name !== 'string' || meta.name === '') {
        broken.push({ where, message: `a ${kind} without metadata.name` });
        return;
      }
      const pod = kind === 'Pod';
      const template = pod ? doc : podTemplateOf(doc);
      let ips: ParsedIp[] = [];
      try {
        if (pod) ips = podIps(doc.status, namespace, meta.name);
      } catch (e) {
        broken.push({ where, message: (e as Error).message });
        return;
      }
      const workload: DecodedWorkload = Object.freeze({
        input: index,
        where,
        kind,
        namespace,
        name: meta.name,
        labels: decodeStringMap(metadataOf(template).labels),
        ports: Object.freeze(containerPorts(template.spec)),
        ips: Object.freeze(ips),
        owners: Object.freeze(ownersOf(meta)),
        ...(isObject(template.spec) && template.spec.hostNetwork === true ? { hostNetwork: true } : {}),
      });
      // A finished pod is no endpoint; its workload stays represented by its other pods, or by itself.
      if (pod && isObject(doc.status) && (doc.status.phase === 'Succeeded' || doc.status.phase === 'Failed')) {
        finished.push(Object.freeze({ ...workload, phase: doc.status.phase }));
        return;
      }
      workloads.push(workload);
      const controller = controllerOf(meta);
      if (controller !== undefined) controllers.set(workload, controller);
    } else if (isCoreService(doc)) {
      if (typeof meta.name !== 'string' || meta.name === '') {
        broken.push({ where, message: 'a Service without metadata.name' });
        return;
      }
      const spec: Obj = isObject(doc.spec) ? doc.spec : {};
      // An absent or empty selector means the same to the endpoints controller: no pods are selected for it.
      const selector = decodeStringMap(spec.selector);
      services.push(Object.freeze({
        input: index,
        where,
        namespace,
        name: meta.name,
        type: typeof spec.type === 'string' && spec.type !== '' ? spec.type : 'ClusterIP',
        ...(Object.keys(selector).length > 0 ? { selector } : isObject(spec.selector) ? { emptySelector: true } : {}),
        ports: Object.freeze(servicePorts(spec)),
        ...(typeof spec.externalName === 'string' && spec.externalName !== '' ? { externalName: spec.externalName } : {}),
      }));
    } else if (kind === 'NetworkPolicy') {
      if (!isCoreNetworkPolicy(doc)) {
        foreign.push({ input: index, where, name: describeName(meta), apiVersion: typeof doc.apiVersion === 'string' ? doc.apiVersion : '(no apiVersion)' });
        return;
      }
      // Validation given for the input is for that object only, not for the items of a List.
      const result = (doc === input.manifest ? input.validation : undefined) ?? validate(doc);
      if (result.errors.length > 0) invalid.push({ input: index, where, name: describeName(meta), errors: result.errors });
      else policies.push(decodePolicy(doc, { ...input, where }, index, result.warnings));
    }
  };
  inputs.forEach((input, i) => visit(input.manifest, input, i, input.where));

  // The cluster holds one object per namespace/name: the one applied last. Objects with only a
  // generateName get a fresh name each, so they never replace one another.
  const last = new Map<string, DecodedPolicy>();
  for (const p of policies) if (hasName(p)) last.set(p.id, p);
  const effective = policies.filter((p) => !hasName(p) || last.get(p.id) === p);
  const duplicates: DuplicatePolicy[] = policies
    .filter((p) => hasName(p) && last.get(p.id) !== p)
    .map((replaced) => Object.freeze({ kept: last.get(replaced.id)!, replaced }));

  // Namespaces that objects use but nobody declared exist with only the automatic label.
  const namespaces = new Map<string, DecodedNamespace>();
  for (const [name, labels] of declared) namespaces.set(name, Object.freeze({ name, labels, declared: true }));
  for (const ns of [...workloads.map((w) => w.namespace), ...policies.map((p) => p.namespace)]) {
    if (!namespaces.has(ns)) namespaces.set(ns, Object.freeze({ name: ns, labels: labelsOf([[NAMESPACE_NAME_LABEL, ns]]), declared: false }));
  }

  return Object.freeze({
    inputs,
    namespaces,
    workloads: Object.freeze(standalone(withWorkloads(adoptOrphans(workloads, controllers), controllers))),
    services: Object.freeze(services),
    finished: Object.freeze(finished),
    policies: Object.freeze(policies),
    effective: Object.freeze(effective),
    duplicates: Object.freeze(duplicates),
    invalid: Object.freeze(invalid),
    foreign: Object.freeze(foreign),
    broken: Object.freeze(broken),
  });
}

function someIds(items: readonly DecodedWorkload[]): string {
  const ids = items.map((w) => `${w.namespace}/${w.name}`);
  return `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, and ${ids.length - 5} more` : ''}`;
}

/** What a live cluster's objects change in the answers: finished pods left out, host-network pods. */
export function snapshotWarnings(snapshot: Snapshot): string[] {
  const out: string[] = [];
  const n = snapshot.finished.length;
  if (n > 0) {
    out.push(`${n === 1 ? '1 pod has' : `${n} pods have`} finished (status.phase Succeeded or Failed) and ${n === 1 ? 'is' : 'are'} left out: `
      + `a finished pod sends and receives nothing, no Service sends it traffic, and its IP may be another pod's now (${someIds(snapshot.finished)})`);
  }
  const host = snapshot.workloads.filter((w) => w.hostNetwork === true);
  if (host.length > 0) {
    out.push(`${host.length === 1 ? '1 pod uses' : `${host.length} pods use`} the node's network (spec.hostNetwork: true): Kubernetes leaves NetworkPolicy undefined for them, `
      + `and most network plugins treat their traffic as the node's, which policies neither select nor isolate; the answers for them assume a plugin that polices them as pods (${someIds(host)})`);
  }
  return out;
}
