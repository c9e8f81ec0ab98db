import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowFrom, IPeer, LabelExpression, LabelSelector, NetworkPolicy, Peer, Reachability } from '../../src';
import { policiesYaml } from '../_support/helpers';

const api = LabelSelector.matchLabels({ name: 'api-pod' });
const ops = LabelSelector.matchLabels({ team: 'operations' });

describe('Peer', () => {
  test.each<[string, IPeer, object]>([
    ['pods', Peer.pods(api), { podSelector: { matchLabels: { name: 'api-pod' } } }],
    ['allPodsInPolicyNamespace', Peer.allPodsInPolicyNamespace(), { podSelector: {} }],
    ['allPodsInNamespace (deprecated name)', Peer.allPodsInNamespace(), { podSelector: {} }],
    ['namespaces', Peer.namespaces(ops), { namespaceSelector: { matchLabels: { team: 'operations' } } }],
    ['allNamespaces', Peer.allNamespaces(), { namespaceSelector: {} }],
    ['namespace', Peer.namespace('monitoring'), { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
    ['namespacesNamed', Peer.namespacesNamed(['monitoring', 'logging']), {
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring', 'logging'] }] },
    }],
    ['podsInNamespaces', Peer.podsInNamespaces({ pods: api, namespaces: ops }), {
      podSelector: { matchLabels: { name: 'api-pod' } }, namespaceSelector: { matchLabels: { team: 'operations' } },
    }],
    ['podsInNamespaces by name', Peer.podsInNamespaces({ pods: api, namespaceNames: ['kube-system'] }), {
      podSelector: { matchLabels: { name: 'api-pod' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    }],
    ['podsInNamespaces by names and labels (AND)', Peer.podsInNamespaces({ pods: api, namespaces: ops, namespaceNames: ['a', 'b'] }), {
      podSelector: { matchLabels: { name: 'api-pod' } },
      namespaceSelector: { matchLabels: { team: 'operations' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }] },
    }],
    ['podsInNamespace (deprecated)', Peer.podsInNamespace('kube-system', LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' })), {
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    }],
    ['ipBlock', Peer.ipBlock('172.17.0.0/16', ['172.17.1.0/24']), { ipBlock: { cidr: '172.17.0.0/16', exceptCidrs: ['172.17.1.0/24'] } }],
    ['ipBlock v6, written canonically', Peer.ipBlock('2001:DB8:0::/32', ['2001:db8:0001::/48']), { ipBlock: { cidr: '2001:db8::/32', exceptCidrs: ['2001:db8:1::/48'] } }],
    ['anyIpv4', Peer.anyIpv4(['10.0.0.0/8']), { ipBlock: { cidr: '0.0.0.0/0', exceptCidrs: ['10.0.0.0/8'] } }],
    ['anyIpv6', Peer.anyIpv6(), { ipBlock: { cidr: '::/0' } }],
  ])('%s renders one peer entry', (_name, peer, config) => {
    expect(peer.toPeerConfig()).toEqual(config);
  });

  test('namespacesNamed with one distinct name uses matchLabels', () => {
    expect(Peer.namespacesNamed(['a', 'a']).toPeerConfig()).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } });
  });

  test('anything() is recognised as "every peer"', () => {
    expect(Peer._isAnything(Peer.anything())).toBe(true);
    expect(Peer._isAnything(Peer.allNamespaces())).toBe(false);
  });

  test('descriptions name what is selected', () => {
    expect(Peer.pods(LabelSelector.of({ labels: { a: 'b' }, expressions: [LabelExpression.exists('c')] })).description).toEqual('pods({a=b, c})');
    expect(Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']).description).toEqual('ipBlock(10.0.0.0/8 except 10.1.0.0/16)');
  });

  test('podsInNamespaces() still accepts the positional (pods, namespaces) call from JavaScript', () => {
    const legacy = (Peer.podsInNamespaces as any)(api, ops) as IPeer;
    expect(legacy.toPeerConfig()).toEqual(Peer.podsInNamespaces({ pods: api, namespaces: ops }).toPeerConfig());
  });

  test('podsInNamespaces() describes pods and namespaces', () => {
    expect(Peer.podsInNamespaces({ pods: api, namespaceNames: ['kube-system'] }).description).toEqual('pods({name=api-pod}) in namespace kube-system');
    expect(Peer.podsInNamespaces({ pods: api, namespaces: ops }).description).toEqual('pods({name=api-pod}) in namespaces({team=operations})');
  });

  test('is immutable: changing what toPeerConfig() returns changes nothing', () => {
    const peer = Peer.podsInNamespaces({ pods: api, namespaces: ops });
    const config = peer.toPeerConfig() as any;
    config.podSelector.matchLabels.name = 'x';
    config.namespaceSelector.matchLabels = {};
    const block = Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']);
    (block.toPeerConfig().ipBlock!.exceptCidrs as string[]).push('10.2.0.0/16');
    expect(peer.toPeerConfig()).toEqual({ podSelector: { matchLabels: { name: 'api-pod' } }, namespaceSelector: { matchLabels: { team: 'operations' } } });
    expect(block.toPeerConfig()).toEqual({ ipBlock: { cidr: '10.0.0.0/8', exceptCidrs: ['10.1.0.0/16'] } });
  });

  test('fails if podsInNamespaces() gets neither namespaces nor namespaceNames, or no pods', () => {
    expect(() => Peer.podsInNamespaces({ pods: api })).toThrow(/Peer\.podsInNamespaces\(\) needs namespaces, namespaceNames or both: for pods of the policy's own namespace use Peer\.pods\(\)/);
    expect(() => Peer.podsInNamespaces({ pods: api, namespaceNames: [] })).toThrow(/Peer\.podsInNamespaces\(\) needs at least one namespace name/);
    expect(() => Peer.podsInNamespaces({ namespaces: ops } as any)).toThrow(/Peer\.podsInNamespaces\(\) needs pods: a LabelSelector/);
  });

  test('fails if podsInNamespaces() asks for two values of one namespace label', () => {
    expect(() => Peer.podsInNamespaces({ pods: api, namespaces: LabelSelector.matchLabels({ 'kubernetes.io/metadata.name': 'a' }), namespaceNames: ['b'] }))
      .toThrow(/asks for label kubernetes\.io\/metadata\.name="b" and kubernetes\.io\/metadata\.name="a" at once, which nothing matches/);
  });

  test.each([
    ['999.1.1.1/99', /invalid ipBlock cidr "999.1.1.1\/99": must be a valid CIDR value/],
    ['10.0.0.1', /prefix length \(did you mean "10.0.0.1\/32"/],
    ['10.0.0.1/24', /bits set beyond the prefix length \(did you mean the network "10.0.0.0\/24" or the single address "10.0.0.1\/32"\?\)/],
    ['010.0.0.0/8', /leading 0s/],
    ['::ffff:10.0.0.0/104', /IPv4-mapped.*"10.0.0.0\/8"/],
    ['', /must be a valid CIDR/],
  ])('fails if the cidr is %p', (cidr, message) => {
    expect(() => Peer.ipBlock(cidr)).toThrow(message);
  });

  test.each([
    [['10.0.0.0/8'], /except "10.0.0.0\/8": must be a strict subset of cidr "10.0.0.0\/16"/],
    [['10.1.0.0/16'], /except "10.1.0.0\/16": must be a strict subset of cidr "10.0.0.0\/16"/],
    [['2001:db8::/64'], /must be an IPv4 range like cidr "10.0.0.0\/16"; put IPv6 ranges in a separate ipBlock/],
    [['10.0.1.5/24'], /except "10.0.1.5\/24": must not have bits set/],
    [['10.0.1.0/24', '10.0.1.0/24'], /lists "10.0.1.0\/24" twice/],
  ])('fails if except is %p for cidr 10.0.0.0/16', (except, message) => {
    expect(() => Peer.ipBlock('10.0.0.0/16', except)).toThrow(message);
  });

  test('fails if except equals cidr', () => {
    expect(() => Peer.ipBlock('10.0.0.0/8', ['10.0.0.0/8'])).toThrow(/except "10.0.0.0\/8": must be a strict subset of cidr "10.0.0.0\/8"/);
  });

  test('fails if a namespace name is not a DNS label', () => {
    expect(() => Peer.namespace('Prod')).toThrow(/invalid namespace name "Prod"/);
    expect(() => Peer.namespacesNamed([])).toThrow(/at least one namespace name.*Peer\.allNamespaces\(\)/);
    expect(() => Peer.podsInNamespaces({ pods: api, namespaceNames: ['a.b'] })).toThrow(/invalid namespace name "a.b" in Peer\.podsInNamespaces\(\)/);
  });
});

/** A chart in namespace shop with three labelled pods (track "", track stable, no track) and a database. */
function canaryCluster(): { chart: Chart; names: { empty: string; stable: string; unlabelled: string; db: string } } {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const workload = (id: string, labels: { [key: string]: string }) =>
    new kplus.Deployment(chart, id, { podMetadata: { labels }, containers: [{ image: id.toLowerCase(), portNumber: 8080 }] });
  const empty = workload('Empty', { track: '' });
  const stable = workload('Stable', { track: 'stable' });
  const unlabelled = workload('Unlabelled', {});
  const db = workload('Db', {});
  new NetworkPolicy(chart, 'DbIn', {
    podSelector: LabelSelector.fromPodSelector(db),
    ingress: [AllowFrom(Peer.fromPodSelector(kplus.Pods.select(chart, 'Canary', { labels: { track: '' } }))).toPort(5432)],
  });
  const { nameOf } = Reachability;
  return { chart, names: { empty: nameOf(empty), stable: nameOf(stable), unlabelled: nameOf(unlabelled), db: nameOf(db) } };
}

describe('Peer.fromPodSelector', () => {
  test('selects a cdk8s-plus workload by its pod labels, in its namespace', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Api', {
      metadata: { namespace: 'shop' },
      containers: [{ image: 'api', portNumber: 8080 }],
    });
    const peer = Peer.fromPodSelector(deployment);
    expect(peer.toPeerConfig()).toEqual({
      podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': expect.stringMatching(/^test-Api-/) } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
    });
    expect(peer.description).toEqual('pods of test/Api in namespace shop');
  });

  test('a workload in a Chart with a namespace is looked for in that namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'data' });
    const db = new kplus.StatefulSet(chart, 'Db', { containers: [{ image: 'pg' }], service: new kplus.Service(chart, 'S', { ports: [{ port: 5432 }] }) });
    expect(Peer.fromPodSelector(db).toPeerConfig().namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'data' } });
  });

  test('ANDs namespace names with namespace labels', () => {
    const chart = Testing.chart();
    const namespaces = kplus.Namespaces.select(chart, 'Ns', { names: ['a', 'b'], labels: { env: 'prod' } });
    const pods = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, namespaces });
    expect(Peer.fromPodSelector(pods).toPeerConfig().namespaceSelector).toEqual({
      matchLabels: { env: 'prod' },
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }],
    });
  });

  test('Pods.select without namespaces means the policy\'s own namespace, as in cdk8s-plus', () => {
    const chart = Testing.chart();
    const pods = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.exists('tier')] });
    expect(Peer.fromPodSelector(pods).toPeerConfig()).toEqual({
      podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
    });
  });

  test('keeps empty label values of pods and of namespaces: they match exactly, not everything', () => {
    const chart = Testing.chart();
    const canary = kplus.Pods.select(chart, 'Canary', { labels: { track: '' }, namespaces: kplus.Namespaces.select(chart, 'N', { labels: { team: '' } }) });
    expect(Peer.fromPodSelector(canary).toPeerConfig()).toEqual({
      podSelector: { matchLabels: { track: '' } },
      namespaceSelector: { matchLabels: { team: '' } },
    });
  });

  test('Namespaces.all() means every namespace', () => {
    const chart = Testing.chart();
    const pods = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, namespaces: kplus.Namespaces.all(chart, 'All') });
    expect(Peer.fromPodSelector(pods).toPeerConfig()).toEqual({ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: {} });
  });

  test('label keys named like Object.prototype members are labels, not conflicts', () => {
    const chart = Testing.chart();
    const namespaces = kplus.Namespaces.select(chart, 'Ns', { names: ['a'], labels: { toString: 'x', valueOf: '', hasOwnProperty: 'y' } });
    const pods = kplus.Pods.select(chart, 'Web', { labels: { toString: 'z' }, namespaces });
    expect(Peer.fromPodSelector(pods).toPeerConfig()).toEqual({
      podSelector: { matchLabels: { toString: 'z' } },
      namespaceSelector: { matchLabels: { 'toString': 'x', 'valueOf': '', 'hasOwnProperty': 'y', 'kubernetes.io/metadata.name': 'a' } },
    });
  });

  test('workload() is the same conversion (deprecated name)', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Api', { metadata: { namespace: 'shop' }, containers: [{ image: 'api' }] });
    expect(Peer.workload(deployment).toPeerConfig()).toEqual(Peer.fromPodSelector(deployment).toPeerConfig());
  });

  test('end to end: track "" renders as "" and the analyzer allows only the pod whose track is ""', () => {
    const { chart, names } = canaryCluster();
    const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
    expect(policy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { track: '' } } }]);
    expect(policiesYaml(chart)).toContain('track: ""');
    const r = Reachability.fromChart(chart);
    expect(r.allowed(names.empty, names.db, 5432).allowed).toBe(true);
    expect(r.allowed(names.stable, names.db, 5432).allowed).toBe(false);
    expect(r.allowed(names.unlabelled, names.db, 5432).allowed).toBe(false);
  });

  test('fails if a workload has no namespace, naming the construct and both fixes', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Api', { containers: [{ image: 'api' }] });
    expect(() => Peer.fromPodSelector(deployment)).toThrow(
      /Peer\.fromPodSelector\(\) of test\/Api: the workload has no namespace.*Give it a namespace \(metadata: \{ namespace: 'shop' \}, or a namespace on its Chart\).*Peer\.pods\(LabelSelector\.fromPodSelector\(workload\)\)/,
    );
    expect(() => Peer.fromPodSelector(new kplus.Pod(chart, 'Pod', { containers: [{ image: 'x' }] }))).toThrow(/of test\/Pod: the workload has no namespace/);
  });

  test('the fix for a namespace-less workload, Peer.pods(LabelSelector.fromPodSelector(w)), means the policy\'s own namespace', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Api', { containers: [{ image: 'api' }] });
    const address = deployment.matchLabels['cdk8s.io/metadata.addr'];
    expect(Peer.pods(LabelSelector.fromPodSelector(deployment)).toPeerConfig()).toEqual({ podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': address } } });
  });

  test('fails if Namespaces.select names no namespace and has no labels (it would otherwise select every namespace)', () => {
    const chart = Testing.chart();
    const pods = kplus.Pods.all(chart, 'Web', { namespaces: kplus.Namespaces.select(chart, 'None', { names: [] }) });
    expect(() => Peer.fromPodSelector(pods)).toThrow(/Peer\.fromPodSelector\(\) of test\/Web needs at least one namespace name/);
  });

  test('fails if namespace names and labels ask for different values of one label', () => {
    const chart = Testing.chart();
    const namespaces = kplus.Namespaces.select(chart, 'Ns', { names: ['a'], labels: { 'kubernetes.io/metadata.name': 'b' } });
    expect(() => Peer.fromPodSelector(kplus.Pods.all(chart, 'Web', { namespaces }))).toThrow(/the namespaces of Peer\.fromPodSelector\(\) of test\/Web asks for label/);
  });

  test('fails if a namespace name is invalid, naming the construct', () => {
    const chart = Testing.chart();
    const namespaces = kplus.Namespaces.select(chart, 'Ns', { names: ['Shop'] });
    expect(() => Peer.fromPodSelector(kplus.Pods.all(chart, 'Web', { namespaces }))).toThrow(/invalid namespace name "Shop" in Peer\.fromPodSelector\(\) of test\/Web/);
  });
});
