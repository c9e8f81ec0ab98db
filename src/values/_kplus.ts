// The one reader of cdk8s-plus selectors, and the only file that touches cdk8s-plus internals.
//
// cdk8s-plus renders its LabelSelector only through an @internal `_toKube()`, whose `undefinedIfEmpty`
// drops a matchLabels map whose values are all "": `track: ""` (which Kubernetes matches exactly) would
// become "every pod". So this file reads the selector's own fields (`labels`, `expressions`), checks their
// shape at run time, and uses `_toKube()` only where it cannot have dropped anything. When neither works it
// throws, naming the construct: a selector is never widened in silence. test/values/_kplus.test.ts pins the
// shapes of cdk8s-plus-28, so an upgrade that changes them fails that one test first.
import type * as kplus from 'cdk8s-plus-28';

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

function pathOf(selector: unknown): string {
  const node = isRecord(selector) ? selector.node : undefined;
  const path = isRecord(node) ? node.path : undefined;
  return typeof path === 'string' && path !== '' ? path : '(a selector without a construct path)';
}

/**
 * Reads what a cdk8s-plus `IPodSelector` selects: a workload, a Pod, `Pods.select(...)`, `Pods.all(...)`.
 *
 * @param caller how the user called us, for messages (`Peer.fromPodSelector()`)
 */
export function podSelectionOf(selector: kplus.IPodSelector, caller: string): KplusPodSelection {
  const candidate: unknown = selector;
  if (!isRecord(candidate) || typeof candidate.toPodSelectorConfig !== 'function') {
    throw new Error(`${caller} needs a cdk8s-plus pod selector (a workload such as a Deployment, a Pod, or Pods.select(...)); got ${String(selector)}`);
  }
  const path = pathOf(candidate);
  const config: unknown = selector.toPodSelectorConfig();
  if (!isRecord(config)) throw shapeError(path, 'pod selector', `toPodSelectorConfig() returned ${JSON.stringify(config)}`);
  const pods = readSelector(own(config, 'labelSelector'), path, 'pod selector');
  // A resource that owns a pod template (cdk8s-plus AbstractPod) has `podMetadata`; Pods/Namespaces do not.
  const isWorkload = 'podMetadata' in candidate;
  const namespaces = own(config, 'namespaces');
  if (namespaces === undefined || namespaces === null) return { path, pods, isWorkload };
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
    ...(Array.isArray(names) ? { namespaceNames: [...names] } : {}),
    ...(labelSelector !== undefined && labelSelector !== null ? { namespaceSelector: readSelector(labelSelector, path, 'namespace selector') } : {}),
  };
}
