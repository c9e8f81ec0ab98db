import { lintSnapshot } from '../../src/guardrails/lint';
import { labelValue } from '../../src/kube/labels';
import { PolicyValidator } from '../../src/kube/problems';
import { selectorMatches } from '../../src/kube/selectors';
import { decodeSnapshot, DecodeInput, Snapshot } from '../../src/kube/snapshot';
import { parseYamlDocuments } from '../../src/kube/yaml';
import { decodeManifests } from '../../src/validation/decode';

const PROTOTYPE_KINDS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
const PROTOTYPE_KEYS = ['toString', 'valueOf', 'constructor'];

function decode(...manifests: unknown[]): Snapshot {
  return decodeManifests(manifests.map((manifest, i) => ({ manifest, where: `m${i + 1}` })));
}

function policy(namespace: string | undefined, name: string, spec: object, metadata: object = {}): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...metadata }, spec };
}

function pod(namespace: string | undefined, name: string, labels: unknown = {}, extra: object = {}): any {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(namespace !== undefined ? { namespace } : {}), labels }, ...extra };
}

const allowApi = { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] };

/** The names of the workloads a policy's podSelector selects in its namespace. */
function selected(snapshot: Snapshot, policyIndex = 0): string[] {
  const p = snapshot.policies[policyIndex];
  return snapshot.workloads.filter((w) => w.namespace === p.namespace && selectorMatches(p.podSelector, w.labels)).map((w) => w.name);
}

describe('decodeSnapshot', () => {
  describe('kinds named like prototype members', () => {
    const yaml = PROTOTYPE_KINDS.map((kind) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: odd\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n`).join('---\n');

    test('fails if a kind such as toString or __proto__ in YAML text becomes a workload', () => {
      const docs = parseYamlDocuments(yaml) as any[];
      expect(docs.map((d) => d.kind)).toEqual(PROTOTYPE_KINDS);
      const s = decode(...docs);
      expect(s.workloads).toEqual([]);
      expect(s.broken).toEqual([]);
      expect(s.policies).toEqual([]);
    });

    test('fails if a kind such as toString or __proto__ in JSON becomes a workload', () => {
      const docs = PROTOTYPE_KINDS.map((kind) => JSON.parse(`{"apiVersion": "v1", "kind": ${JSON.stringify(kind)}, "metadata": {"name": "odd"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}}}}`));
      const s = decode(...docs, pod('shop', 'real', { app: 'web' }));
      expect(s.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Pod/real']);
      expect(s.broken).toEqual([]);
    });

    test('fails if an own __proto__ key of JSON makes an object a Pod', () => {
      const s = decode(JSON.parse('{"__proto__": {"kind": "Pod", "apiVersion": "v1"}, "metadata": {"name": "ghost"}}'));
      expect(s.workloads).toEqual([]);
      expect(s.broken).toEqual([]);
    });

    test('fails if a List kind such as toStringList crashes the decoder', () => {
      const s = decode({ kind: 'constructorList', apiVersion: 'v1', items: [pod('shop', 'a')] }, { kind: '__proto__List', apiVersion: 'v1', items: 'x' });
      expect(s.workloads.map((w) => w.name)).toEqual(['a']);
      expect(s.broken).toEqual([{ where: 'm2', message: 'a __proto__List whose items is not a list (string): write items as a YAML list', unreadable: true }]);
    });
  });

  describe('labels named like prototype members', () => {
    test.each(PROTOTYPE_KEYS)('a policy selecting {%s: x} selects only the pod with that label', (key) => {
      const labelled = JSON.parse(`{${JSON.stringify(key)}: "x"}`);
      const s = decode(
        pod('shop', 'with', labelled),
        pod('shop', 'other', { app: 'web' }),
        pod('shop', 'bare', {}),
        policy('shop', 'p', { podSelector: { matchLabels: labelled }, policyTypes: ['Ingress'] }),
      );
      expect(s.invalid).toEqual([]);
      expect(selected(s)).toEqual(['with']);
    });

    test.each(PROTOTYPE_KEYS)('Exists and DoesNotExist on "%s" in a policy look at own labels only', (key) => {
      const s = decode(
        pod('shop', 'with', JSON.parse(`{${JSON.stringify(key)}: ""}`)),
        pod('shop', 'without', { app: 'web' }),
        policy('shop', 'has', { podSelector: { matchExpressions: [{ key, operator: 'Exists' }] }, policyTypes: ['Ingress'] }),
        policy('shop', 'lacks', { podSelector: { matchExpressions: [{ key, operator: 'DoesNotExist' }] }, policyTypes: ['Ingress'] }),
      );
      expect(selected(s, 0)).toEqual(['with']);
      expect(selected(s, 1)).toEqual(['without']);
    });

    test('keeps __proto__ and toString pod labels of JSON and YAML as own keys', () => {
      const json = JSON.parse('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j", "labels": {"__proto__": "a", "toString": "b"}}}');
      const [yaml] = parseYamlDocuments('apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-yaml\n  labels:\n    __proto__: a\n    toString: b\n');
      const s = decode(json, yaml);
      for (const w of s.workloads) {
        expect(Object.getPrototypeOf(w.labels)).toBeNull();
        expect(Object.keys(w.labels)).toEqual(['__proto__', 'toString']);
        expect(labelValue(w.labels, '__proto__')).toBe('a');
      }
      expect(s.workloads).toHaveLength(2);
    });

    test('a namespaceSelector on toString selects only namespaces with that label', () => {
      const s = decode(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'odd', labels: { toString: 'yes', constructor: 'c' } } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } },
        policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { toString: 'yes' } } }] }] }),
      );
      const ns = s.policies[0].ingress[0].peers[0].namespaceSelector!;
      expect([...s.namespaces.values()].filter((n) => selectorMatches(ns, n.labels)).map((n) => n.name)).toEqual(['odd']);
      expect({ ...s.namespaces.get('odd')!.labels }).toEqual({ 'toString': 'yes', 'constructor': 'c', 'kubernetes.io/metadata.name': 'odd' });
    });

    test('fails if a policy selecting by the key __proto__ is accepted: the API server rejects the key', () => {
      const s = decode(JSON.parse('{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "p"}, "spec": {"podSelector": {"matchLabels": {"__proto__": "x"}}, "policyTypes": ["Ingress"]}}'));
      expect(s.policies).toEqual([]);
      expect(s.invalid.map((p) => p.errors.map((e) => e.path))).toEqual([['spec.podSelector.matchLabels["__proto__"]']]);
    });
  });

  describe('empty label values', () => {
    test.each([['""'], ['null']])('matchLabels {track: %s} selects only pods labelled track: ""', (value) => {
      const s = decode(
        pod('shop', 'empty', { track: '' }),
        pod('shop', 'null', JSON.parse('{"track": null}')),
        pod('shop', 'stable', { track: 'stable' }),
        pod('shop', 'none', { app: 'web' }),
        policy('shop', 'p', { podSelector: { matchLabels: JSON.parse(`{"track": ${value}}`) }, policyTypes: ['Ingress'] }),
      );
      expect(s.invalid).toEqual([]);
      expect(selected(s)).toEqual(['empty', 'null']);
    });

    test('reads a null pod label as "" and keeps the key', () => {
      const [w] = decode(pod('shop', 'a', { track: null })).workloads;
      expect(labelValue(w.labels, 'track')).toBe('');
    });
  });

  describe('policyTypes defaulting', () => {
    test.each([
      ['no policyTypes and no rules', {}, ['Ingress']],
      ['an empty policyTypes', { policyTypes: [] }, ['Ingress']],
      ['ingress rules only', { ingress: [{}] }, ['Ingress']],
      ['egress rules', { egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }, ['Ingress', 'Egress']],
      ['an empty egress rule', { egress: [{}] }, ['Ingress', 'Egress']],
      ['egress: [] alone', { egress: [] }, ['Ingress']],
      ['egress: [] with policyTypes: []', { egress: [], policyTypes: [] }, ['Ingress']],
    ])('with %s the server defaults to %j', (_, spec, types) => {
      const [p] = decode(policy('shop', 'p', { podSelector: {}, ...spec })).policies;
      expect(p.typesDefaulted).toBe(true);
      expect([p.ingressIsolated ? 'Ingress' : '', p.egressIsolated ? 'Egress' : ''].filter((t) => t !== '')).toEqual(types);
    });

    test('egress: [] alone does not isolate egress, but is written', () => {
      const [p] = decode(policy('shop', 'p', { podSelector: {}, egress: [] })).policies;
      expect(p.egressIsolated).toBe(false);
      expect(p.egressWritten).toBe(true);
      expect(p.egress).toEqual([]);
    });

    test('explicit policyTypes are taken as written', () => {
      const s = decode(
        policy('shop', 'egress-only', { podSelector: {}, policyTypes: ['Egress'] }),
        policy('shop', 'both', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      );
      expect(s.policies.map((p) => [p.name, p.typesDefaulted, p.ingressIsolated, p.egressIsolated])).toEqual([
        ['egress-only', false, false, true],
        ['both', false, true, true],
      ]);
    });
  });

  describe('namespaces', () => {
    test('puts objects without a namespace in default, and remembers that none was given', () => {
      const s = decode(policy(undefined, 'p', allowApi), policy('', 'q', allowApi), policy('default', 'r', allowApi), pod(undefined, 'a'));
      expect(s.policies.map((p) => [p.id, p.namespaceGiven])).toEqual([['default/p', false], ['default/q', false], ['default/r', true]]);
      expect(s.workloads.map((w) => w.namespace)).toEqual(['default']);
      expect(s.namespaces.get('default')).toMatchObject({ declared: false });
      expect({ ...s.namespaces.get('default')!.labels }).toEqual({ 'kubernetes.io/metadata.name': 'default' });
    });

    test('gives a Namespace the kubernetes.io/metadata.name label, overriding a user value', () => {
      const s = decode({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'team': 'a', 'kubernetes.io/metadata.name': 'evil' } } });
      const ns = s.namespaces.get('shop')!;
      expect(ns.declared).toBe(true);
      expect({ ...ns.labels }).toEqual({ 'team': 'a', 'kubernetes.io/metadata.name': 'shop' });
    });

    test('fails if a Namespace without a name is silently dropped', () => {
      expect(decode({ apiVersion: 'v1', kind: 'Namespace', metadata: {} }).broken).toEqual([{ where: 'm1', message: 'a Namespace without metadata.name' }]);
    });

    test('knows namespaces that only pods and policies mention', () => {
      const s = decode(pod('a', 'p'), policy('b', 'q', allowApi));
      expect([...s.namespaces.keys()].sort()).toEqual(['a', 'b']);
      expect([...s.namespaces.values()].every((n) => !n.declared)).toBe(true);
    });
  });

  describe('Lists', () => {
    test('flattens List items, nested Lists included, naming each item', () => {
      const s = decode({
        apiVersion: 'v1',
        kind: 'List',
        items: [pod('shop', 'a'), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicyList', items: [policy('shop', 'p', allowApi)] }],
      });
      expect(s.workloads.map((w) => [w.name, w.where])).toEqual([['a', 'm1.items[0]']]);
      expect(s.policies.map((p) => [p.id, p.where, p.input])).toEqual([['shop/p', 'm1.items[1].items[0]', 0]]);
    });

    test.each([[{ a: 1 }, 'object'], ['pods', 'string'], [3, 'number']])('fails if a List whose items is %p throws instead of being broken', (items, type) => {
      let s: Snapshot | undefined;
      expect(() => { s = decode({ apiVersion: 'v1', kind: 'List', items }); }).not.toThrow();
      expect(s!.broken).toEqual([{ where: 'm1', message: `a List whose items is not a list (${type}): write items as a YAML list`, unreadable: true }]);
    });

    test('reports items that are not objects, and skips null ones', () => {
      const s = decode({ apiVersion: 'v1', kind: 'List', items: [null, 'x', pod('shop', 'a')] });
      expect(s.broken).toEqual([{ where: 'm1.items[1]', message: 'expected a Kubernetes object, not "x"', unreadable: true }]);
      expect(s.workloads.map((w) => w.name)).toEqual(['a']);
    });

    test('quotes a long item that is not an object shortened, with its length', () => {
      const s = decode({ apiVersion: 'v1', kind: 'List', items: ['x'.repeat(1_048_576)] });
      expect(s.broken).toEqual([{ where: 'm1.items[0]', message: `expected a Kubernetes object, not "${'x'.repeat(60)}…" (1048576 characters)`, unreadable: true }]);
    });

    test('validates each policy in a List with the validator, not with the validation given for the List', () => {
      const validate = jest.fn<ReturnType<PolicyValidator>, Parameters<PolicyValidator>>(() => ({ errors: [], warnings: [] }));
      const list = { apiVersion: 'v1', kind: 'List', items: [policy('shop', 'a', allowApi), policy('shop', 'b', allowApi)] };
      const s = decodeSnapshot([{ manifest: list, where: 'l', validation: { errors: [{ path: 'x', message: 'no' }], warnings: [] } }], validate);
      expect(validate).toHaveBeenCalledTimes(2);
      expect(s.policies.map((p) => p.name)).toEqual(['a', 'b']);
    });
  });

  describe('foreign and invalid policies', () => {
    test('lists a Calico projectcalico.org/v3 NetworkPolicy as foreign, never validating it', () => {
      const calico = { apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'allow-tcp-6379', namespace: 'production' }, spec: { selector: "role == 'database'", types: ['Ingress'] } };
      const s = decode(calico, { apiVersion: 'crd.antrea.io/v1beta1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: {} });
      expect(s.foreign).toEqual([
        { input: 0, where: 'm1', name: 'production/allow-tcp-6379', apiVersion: 'projectcalico.org/v3' },
        { input: 1, where: 'm2', name: 'x', apiVersion: 'crd.antrea.io/v1beta1' },
      ]);
      expect(s.invalid).toEqual([]);
      expect(s.policies).toEqual([]);
    });

    test('lists an invalid policy with the field path of every problem', () => {
      const s = decode(policy('shop', 'bad', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }], ports: [{ port: 0 }, { port: 80, endPort: 79 }] }],
      }));
      expect(s.policies).toEqual([]);
      expect(s.invalid).toHaveLength(1);
      expect(s.invalid[0]).toMatchObject({ input: 0, where: 'm1', name: 'shop/bad' });
      expect(s.invalid[0].errors.map((e) => e.path).sort()).toEqual(['spec.ingress[0].from[0].ipBlock.cidr', 'spec.ingress[0].ports[0].port', 'spec.ingress[0].ports[1].endPort']);
    });

    test('names an invalid policy without a name (unnamed)', () => {
      expect(decode({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: 'shop' }, spec: { podSelector: {} } }).invalid[0].name).toBe('shop/(unnamed)');
    });

    test('keeps the warnings of a valid policy', () => {
      const [p] = decode(policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress', 'Ingress'] })).policies;
      expect(p.warnings.map((w) => w.path)).toEqual(['spec.policyTypes[1]']);
    });

    test('uses the validation given for an input instead of validating it again', () => {
      const validate = jest.fn<ReturnType<PolicyValidator>, Parameters<PolicyValidator>>(() => ({ errors: [], warnings: [] }));
      const input: DecodeInput = { manifest: policy('shop', 'p', allowApi), where: 'c', validation: { errors: [{ path: 'spec', message: 'from the construct' }], warnings: [] } };
      const s = decodeSnapshot([input], validate);
      expect(validate).not.toHaveBeenCalled();
      expect(s.invalid.map((p) => p.errors)).toEqual([[{ path: 'spec', message: 'from the construct' }]]);
    });
  });

  describe('duplicates', () => {
    const copy = (n: number, namespace: string | undefined) => policy(namespace, 'allow', { ...allowApi, podSelector: { matchLabels: { copy: String(n) } } });

    test('keeps the last of three copies of a namespace/name, and says which each replaces', () => {
      const s = decode(copy(1, 'shop'), copy(2, 'shop'), copy(3, 'shop'));
      expect(s.policies).toHaveLength(3);
      expect(s.effective.map((p) => p.where)).toEqual(['m3']);
      expect(s.duplicates.map((d) => [d.replaced.where, d.kept.where])).toEqual([['m1', 'm3'], ['m2', 'm3']]);
    });

    test('fails if one of two copies is kept when neither is last', () => {
      const s = decode(copy(1, 'shop'), policy('shop', 'other', allowApi), copy(2, 'shop'));
      expect(s.effective.map((p) => `${p.name}@${p.where}`)).toEqual(['other@m2', 'allow@m3']);
    });

    test('a policy without a namespace and one in default are one object', () => {
      const s = decode(copy(1, undefined), copy(2, 'default'));
      expect(s.effective.map((p) => p.where)).toEqual(['m2']);
      expect(s.duplicates).toHaveLength(1);
    });

    test('fails if the same name in two namespaces counts as a duplicate', () => {
      const s = decode(copy(1, 'shop'), copy(2, 'billing'));
      expect(s.duplicates).toEqual([]);
      expect(s.effective).toHaveLength(2);
    });

    test('fails if an invalid copy replaces the valid one: the API server rejects it', () => {
      const s = decode(copy(1, 'shop'), policy('shop', 'allow', { podSelector: {}, policyTypes: ['Sideways'] }));
      expect(s.effective.map((p) => p.where)).toEqual(['m1']);
      expect(s.duplicates).toEqual([]);
      expect(s.invalid.map((p) => p.where)).toEqual(['m2']);
    });

    test('fails if policies with only the same generateName replace one another: each gets its own name', () => {
      const generated = (app: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { generateName: 'allow-', namespace: 'shop' }, spec: { ...allowApi, podSelector: { matchLabels: { app } } } });
      const s = decode(generated('a'), generated('b'));
      expect(s.invalid).toEqual([]);
      expect(s.duplicates).toEqual([]);
      expect(s.effective.map((p) => p.where)).toEqual(['m1', 'm2']);
    });
  });

  describe('workloads', () => {
    const template = { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 53, protocol: 'UDP' }] }] } };
    const workload = (kind: string, spec: object) => ({ apiVersion: 'apps/v1', kind, metadata: { name: kind.toLowerCase(), namespace: 'shop', labels: { owner: kind } }, spec });

    test.each([
      ['Deployment', { selector: { matchLabels: { app: 'web' } }, template }],
      ['StatefulSet', { selector: { matchLabels: { app: 'web' } }, serviceName: 'web', template }],
      ['DaemonSet', { selector: { matchLabels: { app: 'web' } }, template }],
      ['ReplicaSet', { selector: { matchLabels: { app: 'web' } }, template }],
      ['ReplicationController', { selector: { app: 'web' }, template }],
      ['Job', { template }],
      ['CronJob', { schedule: '* * * * *', jobTemplate: { spec: { template } } }],
    ])('a %s stands for its pods: the pod template labels and ports, not its own labels', (kind, spec) => {
      const s = decode(workload(kind, spec));
      expect(s.workloads).toHaveLength(1);
      const [w] = s.workloads;
      expect([w.kind, w.namespace, w.name, w.where]).toEqual([kind, 'shop', kind.toLowerCase(), 'm1']);
      expect({ ...w.labels }).toEqual({ app: 'web', tier: 'front' });
      expect(w.ports).toEqual([{ port: 8080, protocol: 'TCP', name: 'http' }, { port: 53, protocol: 'UDP' }]);
      expect(w.ips).toEqual([]);
    });

    test('a workload without a spec stands for no pods', () => {
      expect(decode({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }).workloads).toEqual([]);
    });

    test('a workload without a template has pods without labels', () => {
      const [w] = decode(workload('Deployment', { replicas: 1 })).workloads;
      expect(Object.keys(w.labels)).toEqual([]);
    });

    test.each(['Pod', 'Deployment'])('fails if a %s without a name is silently dropped', (kind) => {
      expect(decode({ apiVersion: 'v1', kind, metadata: {}, spec: { template } }).broken).toEqual([{ where: 'm1', message: `a ${kind} without metadata.name` }]);
    });
  });

  describe('pod IPs', () => {
    test('reads status.podIP and status.podIPs once each, IPv4 and IPv6', () => {
      const [w] = decode(pod('shop', 'a', {}, { status: { podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }] } })).workloads;
      expect(w.ips.map((ip) => ip.family)).toEqual([4, 6]);
    });

    test('fails if a bad pod IP is accepted, naming the pod and the fix', () => {
      const s = decode(pod('shop', 'a', {}, { status: { podIP: '10.0.0.0/24' } }), pod('shop', 'b', {}, { status: { podIP: '10.0.0.300' } }));
      expect(s.workloads).toEqual([]);
      expect(s.broken).toEqual([
        { where: 'm1', message: 'shop/a: status.podIP: "10.0.0.0/24" is not a valid IP address (give a single address, not a CIDR)' },
        { where: 'm2', message: 'shop/b: status.podIP: "10.0.0.300" is not a valid IP address' },
      ]);
    });

    test('fails if a workload gets IPs from its status', () => {
      const [w] = decode({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: {} }, status: { podIP: '10.0.0.1' } }).workloads;
      expect(w.ips).toEqual([]);
    });
  });

  describe('rules, intent and suppressions', () => {
    test('decodes peers and ports as the server does: empty lists mean every peer and every port', () => {
      const [p] = decode(policy('shop', 'p', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          { from: [], ports: [] },
          { from: [{ namespaceSelector: null, podSelector: { matchLabels: { app: 'a' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 'http' }, { port: 80, endPort: 90, protocol: 'UDP' }, null] },
        ],
      })).policies;
      expect(p.ingress.map((r) => [r.id, r.path, r.peerField, r.peers.length, r.ports.length])).toEqual([['ingress[0]', 'spec.ingress[0]', 'from', 0, 0], ['ingress[1]', 'spec.ingress[1]', 'from', 2, 3]]);
      expect(p.ingress[1].peers[0].namespaceSelector).toBeUndefined();
      expect(p.ingress[1].peers[1].ipBlock?.cidr.canonical).toBe('10.0.0.0/8');
      expect(p.ingress[1].ports).toEqual([{ protocol: 'TCP', name: 'http' }, { protocol: 'UDP', port: 80, endPort: 90 }, { protocol: 'TCP' }]);
    });

    test('decodes an ipBlock with host bits set (10.0.1.1/4) as its network, as Go\'s net.ParseCIDR does, and keeps the warning', () => {
      const s = decode(policy('shop', 'e2e', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.1.1/4', except: ['10.0.1.1/24'] } }] }],
      }));
      expect(s.invalid).toEqual([]);
      const [p] = s.policies;
      const ipBlock = p.egress[0].peers[0].ipBlock!;
      expect(ipBlock.cidr).toMatchObject({ family: 4, network: 0n, prefix: 4, canonical: '0.0.0.0/4' });
      expect(ipBlock.excepts.map((e) => e.canonical)).toEqual(['10.0.1.0/24']);
      expect(ipBlock.key).toBe(JSON.stringify(['0.0.0.0/4', ['10.0.1.0/24']]));
      expect(p.warnings.map((w) => w.path)).toEqual(['spec.egress[0].to[0].ipBlock.cidr', 'spec.egress[0].to[0].ipBlock.except[0]']);
      expect(p.warnings[0].message).toMatch(/uses the network "0\.0\.0\.0\/4"/);
    });

    test('reads the intent and ignore annotations, and merges what the construct tree says', () => {
      const manifest = policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }, {
        annotations: { 'netpol.cdk8s.io/intent': 'ingress[0]: any-peer', 'netpol.cdk8s.io/ignore': 'NP003, NP009 (legacy)' },
      });
      const [p] = decodeManifests([{
        manifest,
        where: 'c',
        intent: { rules: new Map([['ingress[0]', new Set(['any-port'] as const)]]), flags: new Set() },
        suppressions: [{ id: 'NP003', reason: 'public' }, { id: 'NP001', reason: 'why' }],
      }]).policies;
      expect([...p.ingress[0].intent].sort()).toEqual(['any-peer', 'any-port']);
      expect(p.suppressions).toEqual([{ id: 'NP003', reason: 'public' }, { id: 'NP009', reason: 'legacy' }, { id: 'NP001', reason: 'why' }]);
    });

    test('fails if annotations that are not strings are read as intent', () => {
      const [p] = decode(policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }, { annotations: { 'netpol.cdk8s.io/intent': null } })).policies;
      expect(p.ingress[0].intent.size).toBe(0);
    });
  });

  // The lints read nothing but the snapshot: prototype-named labels and declared namespace labels reach them as decoded.
  describe('as the lints read it', () => {
    const findings = (s: Snapshot) => lintSnapshot(s).map((r) => `${r.id} ${r.policy.name} ${r.field}`);
    const selecting = (name: string, labels: object) => policy('shop', name, {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: labels } }], ports: [{ port: 80 }] }],
    });

    test('NP008 finds pods by prototype-named labels, and fails if an absent one is taken as present', () => {
      const s = decode(pod('shop', 'a', { toString: 'x' }), selecting('hit', { toString: 'x' }), selecting('miss', { constructor: 'x' }));
      expect(findings(s)).toEqual(['NP008 miss spec.podSelector', 'NP008 miss spec.ingress[0].from[0].podSelector']);
    });

    test('NP005 matches a namespaceSelector against the labels kube-system is declared with', () => {
      const dnsBy = (name: string, namespaceLabels: object) => policy('shop', name, {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: namespaceLabels } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
      });
      const kubeSystem = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', labels: { toString: 'dns' } } };
      expect(findings(decode(kubeSystem, dnsBy('declared', { toString: 'dns' })))).toEqual([]);
      expect(findings(decode(kubeSystem, dnsBy('automatic', { 'kubernetes.io/metadata.name': 'kube-system' })))).toEqual([]);
      expect(findings(decode(kubeSystem, dnsBy('absent', { constructor: 'dns' })))).toEqual(['NP005 absent spec.policyTypes']);
      expect(findings(decode(dnsBy('undeclared', { toString: 'dns' })))).toEqual(['NP005 undeclared spec.policyTypes']);
    });
  });

  test('never throws and hands out frozen data', () => {
    const s = decode(null, 42, 'text', [], pod('shop', 'a'), policy('shop', 'p', allowApi));
    expect(s.broken.map((b) => b.where)).toEqual(['m2', 'm3', 'm4']);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.policies)).toBe(true);
    expect(Object.isFrozen(s.policies[0])).toBe(true);
    expect(Object.isFrozen(s.workloads[0])).toBe(true);
    expect(Object.isFrozen(s.policies[0].ingress[0].peers[0])).toBe(true);
  });
});
