// Reading loosely typed Kubernetes objects (synthesized or parsed YAML): shared by the validator, the
// guardrail lints and the analyzer, so that they agree on what a workload and a selector match is.

export type Obj = { [key: string]: any };

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A NetworkPolicy of the core API (retired `extensions/` versions, and a missing or malformed apiVersion,
 * included, so that validation reports them), not one of the CNI kinds that reuse the name (Calico's
 * projectcalico.org, Antrea's crd.antrea.io).
 */
export function isCoreNetworkPolicy(manifest: Obj): boolean {
  if (manifest.kind !== 'NetworkPolicy') return false;
  const apiVersion = manifest.apiVersion;
  return typeof apiVersion !== 'string' || !apiVersion.includes('/') || /^(networking\.k8s\.io|extensions)\//.test(apiVersion);
}

/** Where each workload kind keeps its pod template. A Map: a kind is user data (`kind: toString`). */
const POD_TEMPLATES = new Map<string, (spec: Obj) => unknown>([
  ['Deployment', (s) => s.template],
  ['StatefulSet', (s) => s.template],
  ['DaemonSet', (s) => s.template],
  ['ReplicaSet', (s) => s.template],
  ['ReplicationController', (s) => s.template],
  ['Job', (s) => s.template],
  ['CronJob', (s) => (isObject(s.jobTemplate) && isObject(s.jobTemplate.spec) ? s.jobTemplate.spec.template : undefined)],
]);

/** True for the kinds whose pods come from a pod template. */
export function isWorkloadKind(kind: unknown): kind is string {
  return typeof kind === 'string' && POD_TEMPLATES.has(kind);
}

/** The pod template of a workload (`{}` when it has none). */
export function podTemplateOf(manifest: Obj): Obj {
  const read = typeof manifest.kind === 'string' ? POD_TEMPLATES.get(manifest.kind) : undefined;
  const template = read && isObject(manifest.spec) ? read(manifest.spec) : undefined;
  return isObject(template) ? template : {};
}

/** A `List` (v1 List, NetworkPolicyList, ...): its items are the objects. */
export function isList(manifest: Obj): boolean {
  return typeof manifest.kind === 'string' && manifest.kind.endsWith('List') && Array.isArray(manifest.items);
}

/** The object's `metadata` (`{}` when it has none). */
export function metadataOf(manifest: Obj): Obj {
  return isObject(manifest.metadata) ? manifest.metadata : {};
}

/** `namespace/name` (or `name` without a namespace), the way messages name an object. */
export function displayName(manifest: Obj): string {
  const meta = metadataOf(manifest);
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name;
}
