// The one reader of cdk8s-plus workloads and selectors, and the only file that touches cdk8s-plus internals.
// It works with any cdk8s-plus 2.x (tested with cdk8s-plus-28 and -34): public signatures take a
// `constructs.IConstruct`, and everything is read here at run time, by shape. Nothing of cdk8s-plus is
// imported, so a user's app loads only its own cdk8s-plus.
//
// cdk8s-plus renders its LabelSelector only through an @internal `_toKube()`, whose `undefinedIfEmpty`
// drops a matchLabels map whose values are all "": `track: ""` (which Kubernetes matches exactly) would
// become "every pod". So this file reads the selector's own fields (`labels`, `expressions`), checks their
// shape at run time, and uses `_toKube()` only where it cannot have dropped anything. When neither works it
// throws, naming the construct: a selector is never widened in silence. test/values/_kplus.test.ts pins the
// shapes of cdk8s-plus-28 and -34, so an upgrade that changes them fails that one test first.
import type { IConstruct } from 'constructs';

/** cdk8s-plus' own pod label, `cdk8s.io/metadata.addr`: unique per workload, and changes with its construct path. */
export const ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/** One `matchExpressions` entry, as cdk8s-plus holds it (not yet checked against Kubernetes syntax). */
export interface KplusRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A label selector read from cdk8s-plus without loss. Keys live in a Map: `toString` is a label like any other. */
export interface KplusLabelSelector {
  readonly matchLabels: ReadonlyMap<string, string>;
  readonly matchExpressions: readonly KplusRequirement[];
}

/** What a cdk8s-plus `IPodSelector` selects. */
export interface KplusPodSelection {
  /** The construct path, for messages. */
  readonly path: string;
  /** The pods. */
  readonly pods: KplusLabelSelector;
  /** Namespaces by name (any of them); undefined when the selector names none. */
  readonly namespaceNames?: readonly string[];
  /** Namespaces by label; undefined when the selector has no namespace labels. */
  readonly namespaceSelector?: KplusLabelSelector;
  /**
   * True for a pod or workload (a resource with a pod template): with no namespaces, its pods run where
   * the manifest is applied. False for `Pods.select(...)`/`Pods.all(...)`, where no namespaces means
   * "the namespace of the resource the selection is used in" (cdk8s-plus' documented default).
   */
  readonly isWorkload: boolean;
  /**
   * Where the pod labels come from: `selector` (the workload's own selector without cdk8s.io/metadata.addr),
   * `template` (the labels the user gave its pod template), `address` (only cdk8s.io/metadata.addr: the user
   * gave none), or `pods` (a `Pods.select(...)` or a Pod, read as it selects).
   */
  readonly labelSource: 'selector' | 'template' | 'address' | 'pods';
}

/** A container port as a pod declares it; the protocol defaults to TCP as in Kubernetes. */
export interface KplusContainerPort {
  readonly number: number;
  readonly name?: string;
  readonly protocol: string;
  /** The container's name, for messages. */
  readonly container: string;
}

/** A workload or Pod: what a pod of it looks like, and how to select its pods. */
export interface KplusWorkload {
  readonly path: string;
  /** The Kubernetes kind (Deployment, StatefulSet, ...). */
  readonly kind: string;
  /** undefined when neither the object nor its Chart has one. */
  readonly namespace?: string;
  /** Every label of its pod template, cdk8s.io/metadata.addr included. */
  readonly podLabels: ReadonlyMap<string, string>;
  /** The container ports of its (regular) containers, in order. */
  readonly ports: readonly KplusContainerPort[];
  readonly selection: KplusPodSelection;
}

type Rec = { [key: string]: unknown };

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Rec, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function shapeError(path: string, what: string, detail: string): Error {
  return new Error(
    `cannot read the ${what} of ${path} exactly: ${detail}. cdk8s-plus has changed how it stores selectors, and guessing could `
    + 'select more pods than meant; build the peer from a LabelSelector instead (Peer.pods, Peer.podsInNamespaces) and report this cdk8s-plus version',
  );
}

/** Label values are passed through as found; LabelSelector reports a non-string value with the key. */
function readLabels(labels: Rec): Map<string, string> {
  return new Map(Object.keys(labels).map((key) => [key, labels[key] as string]));
}

function readRequirement(value: unknown): KplusRequirement | undefined {
  if (!isRecord(value)) return undefined;
  const key = value.key;
  const operator = value.operator;
  const values = value.values;
  if (typeof key !== 'string' || typeof operator !== 'string') return undefined;
  if (values !== undefined && values !== null && !(Array.isArray(values) && values.every((v) => typeof v === 'string'))) return undefined;
  return { key, operator, values: Array.isArray(values) ? [...values] : [] };
}

function readRequirements(list: unknown): KplusRequirement[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: KplusRequirement[] = [];
  for (const item of list) {
    const requirement = readRequirement(item);
    if (!requirement) return undefined;
    out.push(requirement);
  }
  return out;
}

/** The fields of a cdk8s-plus-28 LabelSelector: private `labels` (a map) and `expressions` (LabelExpression[]). */
function readFields(selector: Rec): KplusLabelSelector | undefined {
  const labels = own(selector, 'labels');
  const expressions = readRequirements(own(selector, 'expressions'));
  if (!isRecord(labels) || !expressions) return undefined;
  return { matchLabels: readLabels(labels), matchExpressions: expressions };
}

/**
 * `_toKube()`, trusted only where it cannot have dropped labels. It drops matchLabels as a whole, and only when
 * every value is "", so a rendering that still has matchLabels is complete, and so is `{}` for a selector that
 * `isEmpty()`. Without matchLabels but with expressions, dropped "" labels cannot be ruled out: refuse.
 */
function readRendered(selector: Rec, path: string, what: string): KplusLabelSelector {
  const toKube = selector._toKube;
  const isEmpty = selector.isEmpty;
  if (typeof toKube !== 'function' || typeof isEmpty !== 'function') {
    throw shapeError(path, what, 'it is neither a LabelSelector with labels and expressions nor one with _toKube() and isEmpty()');
  }
  const empty = isEmpty.call(selector);
  const kube = toKube.call(selector);
  const labels = isRecord(kube) ? (own(kube, 'matchLabels') ?? {}) : undefined;
  const expressions = isRecord(kube) ? readRequirements(own(kube, 'matchExpressions') ?? []) : undefined;
  if (!isRecord(labels) || !expressions) throw shapeError(path, what, `_toKube() returned ${JSON.stringify(kube)}`);
  const rendered = { matchLabels: readLabels(labels), matchExpressions: expressions };
  const renderedEmpty = rendered.matchLabels.size === 0 && expressions.length === 0;
  if (empty !== renderedEmpty) {
    throw shapeError(path, what, `isEmpty() says ${empty} but _toKube() returned ${JSON.stringify(kube)} (labels whose values are all "" are dropped by _toKube())`);
  }
  if (!empty && rendered.matchLabels.size === 0) {
    throw shapeError(path, what, '_toKube() returned expressions only, and labels whose values are all "" may have been dropped');
  }
  return rendered;
}

function readSelector(value: unknown, path: string, what: string): KplusLabelSelector {
  if (!isRecord(value)) throw shapeError(path, what, `expected a LabelSelector, got ${JSON.stringify(value)}`);
  return readFields(value) ?? readRendered(value, path, what);
}

const NO_PATH = '(a selector without a construct path)';

function pathOf(selector: unknown): string {
  const node = isRecord(selector) ? selector.node : undefined;
  const path = isRecord(node) ? node.path : undefined;
  return typeof path === 'string' && path !== '' ? path : NO_PATH;
}

/** The kind of the construct's ApiObject (cdk8s-plus resources expose it as `apiObject`). */
function kindOf(construct: Rec): string | undefined {
  const apiObject = construct.apiObject;
  const kind = isRecord(apiObject) ? apiObject.kind : undefined;
  return typeof kind === 'string' ? kind : undefined;
}

/** A Service is not a pod selector: say why, since it is the most natural thing to try. */
function refuseService(candidate: Rec, caller: string, path: string): void {
  if (kindOf(candidate) !== 'Service') return;
  throw new Error(
    `${caller}: ${path} is a Service, and NetworkPolicies never see Services: they match pods and the pods' own ports, `
    + 'after a Service has translated its port to the targetPort. Pass the workload behind the Service instead (a Deployment, StatefulSet, ...), '
    + 'and use the targetPort (the container port), not the Service port',
  );
}

/** The labels the user gave a workload's own selector (matchLabels/matchExpressions getters), without cdk8s' address label. */
function userSelector(candidate: Rec, path: string): KplusLabelSelector | undefined {
  if (!('matchLabels' in candidate) || !('matchExpressions' in candidate)) return undefined;
  const labels: unknown = candidate.matchLabels;
  const expressions = readRequirements(candidate.matchExpressions);
  if (!isRecord(labels) || !expressions) throw shapeError(path, 'workload selector', 'matchLabels/matchExpressions are not a map and a list');
  const given = readLabels(labels);
  given.delete(ADDRESS_LABEL);
  return given.size > 0 || expressions.length > 0 ? { matchLabels: given, matchExpressions: expressions } : undefined;
}

/** Every label of the pod template (`podMetadata`, a cdk8s ApiObjectMetadataDefinition). */
function templateLabels(candidate: Rec, path: string): Map<string, string> {
  const metadata = candidate.podMetadata;
  const toJson = isRecord(metadata) ? metadata.toJson : undefined;
  if (!isRecord(metadata) || typeof toJson !== 'function') throw shapeError(path, 'pod template labels', 'podMetadata has no toJson()');
  const json: unknown = toJson.call(metadata);
  const labels = isRecord(json) ? (own(json, 'labels') ?? {}) : undefined;
  if (!isRecord(labels)) throw shapeError(path, 'pod template labels', `podMetadata.toJson() returned ${JSON.stringify(json)}`);
  return readLabels(labels);
}

/**
 * Reads what a cdk8s-plus `IPodSelector` selects: a workload, a Pod, `Pods.select(...)`, `Pods.all(...)`.
 *
 * For a workload, the user's labels win over cdk8s-plus' own `cdk8s.io/metadata.addr` (which follows the
 * construct path): first the workload's selector without that label, then its pod template labels; the
 * address label only when the user gave no label at all. For a Pod, `Pods.select(...)` and `Pods.all(...)`,
 * what they select, as they select it.
 *
 * @param caller how the user called us, for messages (`Peer.fromPodSelector()`)
 */
export function podSelectionOf(selector: IConstruct, caller: string): KplusPodSelection {
  const candidate: unknown = selector;
  if (isRecord(candidate)) refuseService(candidate, caller, pathOf(candidate));
  if (!isRecord(candidate) || typeof candidate.toPodSelectorConfig !== 'function') {
    throw new Error(`${caller} needs a cdk8s-plus pod selector (a workload such as a Deployment, a Pod, or Pods.select(...)) of any cdk8s-plus 2.x; got ${String(selector)}`);
  }
  const path = pathOf(candidate);
  const config: unknown = candidate.toPodSelectorConfig();
  if (!isRecord(config)) throw shapeError(path, 'pod selector', `toPodSelectorConfig() returned ${JSON.stringify(config)}`);
  const selected = readSelector(own(config, 'labelSelector'), path, 'pod selector');
  // A resource that owns a pod template (cdk8s-plus AbstractPod) has `podMetadata`; Pods/Namespaces do not.
  const isWorkload = 'podMetadata' in candidate;
  const { pods, labelSource } = preferredPods(candidate, selected, isWorkload, path);
  const namespaces = own(config, 'namespaces');
  if (namespaces === undefined || namespaces === null) return { path, pods, isWorkload, labelSource };
  if (!isRecord(namespaces)) throw shapeError(path, 'namespaces', `expected { names, labelSelector }, got ${JSON.stringify(namespaces)}`);

  const names = own(namespaces, 'names');
  if (names !== undefined && names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) {
    throw shapeError(path, 'namespace names', `expected a list of names, got ${JSON.stringify(names)}`);
  }
  const labelSelector = own(namespaces, 'labelSelector');
  return {
    path,
    pods,
    isWorkload,
    labelSource,
    ...(Array.isArray(names) ? { namespaceNames: [...names] } : {}),
    ...(labelSelector !== undefined && labelSelector !== null ? { namespaceSelector: readSelector(labelSelector, path, 'namespace selector') } : {}),
  };
}

/** The user's pod labels when a workload has some (see podSelectionOf), else what cdk8s-plus selects by. */
function preferredPods(
  candidate: Rec, selected: KplusLabelSelector, isWorkload: boolean, path: string,
): { pods: KplusLabelSelector; labelSource: KplusPodSelection['labelSource'] } {
  const onlyAddress = selected.matchExpressions.length === 0 && selected.matchLabels.size === 1 && selected.matchLabels.has(ADDRESS_LABEL);
  if (!isWorkload || !onlyAddress) return { pods: selected, labelSource: 'pods' };
  const fromSelector = userSelector(candidate, path);
  if (fromSelector) return { pods: fromSelector, labelSource: 'selector' };
  const template = templateLabels(candidate, path);
  template.delete(ADDRESS_LABEL);
  if (template.size > 0) return { pods: { matchLabels: template, matchExpressions: [] }, labelSource: 'template' };
  return { pods: selected, labelSource: 'address' };
}

function readContainerPorts(candidate: Rec, path: string): KplusContainerPort[] {
  const containers: unknown = candidate.containers;
  if (!Array.isArray(containers)) throw shapeError(path, 'containers', `expected a list, got ${JSON.stringify(containers)}`);
  const out: KplusContainerPort[] = [];
  containers.forEach((container: unknown, i) => {
    const ports: unknown = isRecord(container) ? container.ports : undefined;
    const name = isRecord(container) && typeof container.name === 'string' ? container.name : `containers[${i}]`;
    if (!Array.isArray(ports)) throw shapeError(path, `ports of container ${name}`, `expected a list, got ${JSON.stringify(ports)}`);
    for (const port of ports as unknown[]) {
      const number = isRecord(port) ? port.number : undefined;
      const portName = isRecord(port) ? port.name : undefined;
      const protocol = isRecord(port) ? (port.protocol ?? 'TCP') : undefined;
      if (typeof number !== 'number' || !Number.isInteger(number) || (portName !== undefined && typeof portName !== 'string') || typeof protocol !== 'string') {
        throw shapeError(path, `ports of container ${name}`, `expected { number, name?, protocol? }, got ${JSON.stringify(port)}`);
      }
      out.push({ number, protocol, container: name, ...(portName !== undefined ? { name: portName } : {}) });
    }
  });
  return out;
}

/**
 * Reads a cdk8s-plus workload or Pod (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod): how to select
 * its pods, the labels of its pod template and its container ports (with name and protocol).
 *
 * @param caller how the user called us, for messages
 */
export function workloadOf(construct: IConstruct, caller: string): KplusWorkload {
  const candidate: unknown = construct;
  const path = pathOf(candidate);
  if (isRecord(candidate)) refuseService(candidate, caller, path);
  if (!isRecord(candidate) || !('podMetadata' in candidate) || !('containers' in candidate)) {
    throw new Error(
      `${caller} needs a cdk8s-plus workload or Pod (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) of any cdk8s-plus 2.x; got ${path === NO_PATH ? String(construct) : path}. `
      + 'For pods you do not create here (Pods.select(...), or any label selector), describe them by labels and namespace instead',
    );
  }
  const selection = podSelectionOf(construct, caller);
  const metadata = candidate.metadata;
  const namespace = isRecord(metadata) ? metadata.namespace : undefined;
  if (namespace !== undefined && typeof namespace !== 'string') throw shapeError(path, 'namespace', `metadata.namespace is ${JSON.stringify(namespace)}`);
  return {
    path,
    kind: kindOf(candidate) ?? 'workload',
    ...(namespace !== undefined ? { namespace } : {}),
    podLabels: templateLabels(candidate, path),
    ports: readContainerPorts(candidate, path),
    selection,
  };
}
