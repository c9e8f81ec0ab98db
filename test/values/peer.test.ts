import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IPeer, LabelExpression, LabelSelector, Peer } from '../../src';

const api = LabelSelector.matchLabels({ name: 'api-pod' });
const ops = LabelSelector.matchLabels({ team: 'operations' });

describe('Peer', () => {
  test.each<[string, IPeer, object]>([
    ['pods', Peer.pods(api), { podSelector: { matchLabels: { name: 'api-pod' } } }],
    ['allPodsInNamespace', Peer.allPodsInNamespace(), { podSelector: {} }],
    ['namespaces', Peer.namespaces(ops), { namespaceSelector: { matchLabels: { team: 'operations' } } }],
    ['allNamespaces', Peer.allNamespaces(), { namespaceSelector: {} }],
    ['namespace', Peer.namespace('monitoring'), { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
    ['namespacesNamed', Peer.namespacesNamed(['monitoring', 'logging']), {
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring', 'logging'] }] },
    }],
    ['podsInNamespaces', Peer.podsInNamespaces(api, ops), { podSelector: { matchLabels: { name: 'api-pod' } }, namespaceSelector: { matchLabels: { team: 'operations' } } }],
    ['podsInNamespace', Peer.podsInNamespace('kube-system', LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' })), {
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
    expect(Peer.pods(LabelSelector.of({ labels: { a: 'b' }, expressions: [LabelExpression.exists('c')] })).description).toEqual('pods(a=b,c Exists)');
    expect(Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']).description).toEqual('ipBlock(10.0.0.0/8 except 10.1.0.0/16)');
  });

  test('workload() selects a cdk8s-plus workload by its pod labels, in its namespace', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'Api', {
      metadata: { namespace: 'shop' },
      containers: [{ image: 'api', portNumber: 8080 }],
    });
    const config = Peer.workload(deployment).toPeerConfig();
    expect(config.podSelector).toEqual({ matchLabels: { 'cdk8s.io/metadata.addr': expect.stringMatching(/^test-Api-/) } });
    expect(config.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } });
  });

  test('workload() ANDs namespace names with namespace labels', () => {
    const chart = Testing.chart();
    const namespaces = kplus.Namespaces.select(chart, 'Ns', { names: ['a', 'b'], labels: { env: 'prod' } });
    const pods = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, namespaces });
    expect(Peer.workload(pods).toPeerConfig().namespaceSelector).toEqual({
      matchLabels: { env: 'prod' },
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }],
    });
  });

  test('workload() accepts Pods.select with expressions and no namespace', () => {
    const chart = Testing.chart();
    const pods = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.exists('tier')] });
    expect(Peer.workload(pods).toPeerConfig()).toEqual({
      podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
    });
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
    expect(() => Peer.podsInNamespace('a.b', api)).toThrow(/invalid namespace name "a.b"/);
  });
});
