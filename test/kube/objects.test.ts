import { displayName, isCoreNetworkPolicy, isList, isWorkloadKind, metadataOf, podTemplateOf } from '../../src/kube/objects';
import { compileSelector, selectorMatches } from '../../src/kube/selectors';
import { readYamlDocuments } from '../../src/kube/yaml';

const PROTOTYPE_KINDS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [] } };

describe('isWorkloadKind', () => {
  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'])('knows %s', (kind) => {
    expect(isWorkloadKind(kind)).toBe(true);
  });

  test.each(PROTOTYPE_KINDS)('fails if the kind "%s" counts as a workload', (kind) => {
    expect(isWorkloadKind(kind)).toBe(false);
  });

  test.each([['Pod'], ['deployment'], [''], [undefined], [null], [42]])('fails if %p counts as a workload kind', (kind) => {
    expect(isWorkloadKind(kind)).toBe(false);
  });
});

describe('podTemplateOf', () => {
  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'])('reads spec.template of a %s', (kind) => {
    expect(podTemplateOf({ kind, spec: { template } })).toBe(template);
  });

  test('reads spec.jobTemplate.spec.template of a CronJob', () => {
    expect(podTemplateOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template } } } })).toBe(template);
    expect(podTemplateOf({ kind: 'CronJob', spec: { template } })).toEqual({});
  });

  test.each(PROTOTYPE_KINDS)('gives kind "%s" no template, without calling an inherited member', (kind) => {
    expect(podTemplateOf({ kind, spec: { template } })).toEqual({});
  });

  test.each(PROTOTYPE_KINDS)('gives kind "%s" of parsed JSON and YAML no template', (kind) => {
    const json = JSON.parse(`{"kind": ${JSON.stringify(kind)}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}}}}`);
    const [yaml] = readYamlDocuments(`kind: ${kind}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n`);
    expect(podTemplateOf(json)).toEqual({});
    expect(podTemplateOf(yaml.value as object)).toEqual({});
  });

  test('gives a workload without a spec or a template {}', () => {
    expect(podTemplateOf({ kind: 'Deployment' })).toEqual({});
    expect(podTemplateOf({ kind: 'Deployment', spec: { template: 'x' } })).toEqual({});
    expect(podTemplateOf({ kind: 'CronJob', spec: { jobTemplate: null } })).toEqual({});
  });
});

describe('isCoreNetworkPolicy', () => {
  test.each(['networking.k8s.io/v1', 'extensions/v1beta1', undefined, 'v1', 42])('knows %p (a missing or group-less apiVersion is ours to report)', (apiVersion) => {
    expect(isCoreNetworkPolicy({ apiVersion, kind: 'NetworkPolicy' })).toBe(true);
  });

  test.each(['projectcalico.org/v3', 'crd.antrea.io/v1beta1', 'cilium.io/v2'])('fails if the NetworkPolicy of %p counts as a core one', (apiVersion) => {
    expect(isCoreNetworkPolicy({ apiVersion, kind: 'NetworkPolicy' })).toBe(false);
  });

  test('fails if another kind of the group counts', () => {
    expect(isCoreNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' })).toBe(false);
  });
});

describe('isList', () => {
  test('knows a List and a typed list with items', () => {
    expect(isList({ kind: 'List', items: [] })).toBe(true);
    expect(isList({ kind: 'NetworkPolicyList', items: [{}] })).toBe(true);
  });

  test('fails if a List whose items is not a list counts', () => {
    expect(isList({ kind: 'List', items: { a: 1 } })).toBe(false);
    expect(isList({ kind: 'List' })).toBe(false);
    expect(isList({ kind: 'Pod', items: [] })).toBe(false);
  });
});

describe('metadataOf', () => {
  test('is {} when metadata is missing or not an object', () => {
    expect(metadataOf({})).toEqual({});
    expect(metadataOf({ metadata: 'x' })).toEqual({});
    expect(metadataOf({ metadata: ['x'] })).toEqual({});
  });

  test('fails if an own __proto__ key of JSON metadata is read as its prototype', () => {
    const meta = metadataOf(JSON.parse('{"metadata": {"__proto__": {"name": "evil"}}}'));
    expect(meta.name).toBeUndefined();
  });
});

describe('displayName', () => {
  test('is namespace/name, or the name alone without a namespace', () => {
    expect(displayName({ metadata: { name: 'db', namespace: 'shop' } })).toBe('shop/db');
    expect(displayName({ metadata: { name: 'db' } })).toBe('db');
    expect(displayName({ metadata: { namespace: 'shop' } })).toBe('shop/(unnamed)');
    expect(displayName({})).toBe('(unnamed)');
  });
});

describe('selectorMatches on plain label objects', () => {
  test('fails if a prototype-named key is matched by an inherited member', () => {
    expect(selectorMatches(compileSelector({ matchLabels: { toString: 'x' } }), { app: 'web' })).toBe(false);
    expect(selectorMatches(compileSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }), { app: 'web' })).toBe(false);
    expect(selectorMatches(compileSelector({ matchExpressions: [{ key: 'constructor', operator: 'DoesNotExist' }] }), { app: 'web' })).toBe(true);
  });

  test('matches own prototype-named labels', () => {
    const selector = compileSelector({ matchLabels: { toString: 'x' }, matchExpressions: [{ key: 'valueOf', operator: 'In', values: ['y'] }] });
    expect(selectorMatches(selector, { toString: 'x', valueOf: 'y' } as any)).toBe(true);
  });
});
