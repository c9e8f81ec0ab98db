import { Testing } from 'cdk8s';
import { AllowFrom, AllowTo, EgressRule, IngressRule, LabelSelector, NetworkPolicy, Peer, Port } from '../../src';
import { PolicyType } from '../../src/values/enums';
import { onlyPolicy } from '../_support/helpers';

const api = Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }));
const prod = Peer.namespace('prod');
const office = Peer.ipBlock('203.0.113.0/24');

describe('IngressRule', () => {
  test('several peers are OR: one rule with one from list', () => {
    expect(IngressRule.fromPeers(api, prod, office).toPort(3306)._toKube()).toEqual({
      from: [api.toPeerConfig(), prod.toPeerConfig(), { ipBlock: { cidr: '203.0.113.0/24' } }],
      ports: [{ protocol: 'TCP', port: 3306 }],
    });
  });

  test('no port means every port: no ports key at all', () => {
    expect(IngressRule.fromPeers(api)._toKube()).toEqual({ from: [api.toPeerConfig()] });
  });

  test('anything() means every source: no from key; with no ports it is the allow-all rule {}', () => {
    expect(IngressRule.fromPeers(Peer.anything()).toPort(80)._toKube()).toEqual({ ports: [{ protocol: 'TCP', port: 80 }] });
    expect(IngressRule.fromPeers(Peer.anything())._toKube()).toEqual({});
    expect(IngressRule.fromPeers(api, Peer.anything())._toKube()).toEqual({});
  });

  test('is immutable: toPort returns a new rule and leaves the original alone', () => {
    const base = IngressRule.fromPeers(api);
    const withPort = base.toPort(80);
    expect(base.ports).toHaveLength(0);
    expect(withPort.ports.map(String)).toEqual(['TCP 80']);
    expect(withPort.toPort(443).toPorts(Port.udp(53)).ports.map(String)).toEqual(['TCP 80', 'TCP 443', 'UDP 53']);
  });

  test('drops duplicate peers and ports, keeping the first order', () => {
    const rule = IngressRule.fromPeers(api, prod, Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }))).toPort(80).toPorts(Port.HTTP, Port.HTTPS);
    expect(rule.peers).toHaveLength(2);
    expect(rule.ports.map(String)).toEqual(['TCP 80', 'TCP 443']);
  });

  test('describes itself', () => {
    expect(IngressRule.fromPeers(api, prod).toPort(3306).toString()).toEqual('pods(name=api-pod) or namespaces(prod) on TCP 3306');
    expect(IngressRule.fromPeers(api).toString()).toEqual('pods(name=api-pod) on all ports');
  });

  test('fails if no peer is given, pointing to Peer.anything()', () => {
    expect(() => IngressRule.fromPeers()).toThrow(/AllowFrom\(\) \/ IngressRule\.fromPeers\(\) needs at least one peer: to allow every source, pass Peer\.anything\(\)/);
  });
});

describe('EgressRule', () => {
  test('renders peers under to', () => {
    expect(EgressRule.toPeers(prod).toPorts(Port.DNS_UDP, Port.DNS_TCP)._toKube()).toEqual({
      to: [prod.toPeerConfig()],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    });
  });

  test('fails if no peer is given, pointing to Peer.anything()', () => {
    expect(() => EgressRule.toPeers()).toThrow(/AllowTo\(\) \/ EgressRule\.toPeers\(\) needs at least one peer: to allow every destination, pass Peer\.anything\(\)/);
  });
});

describe('AllowFrom / AllowTo (TypeScript shape)', () => {
  function synth(ingress: IngressRule[], egress: EgressRule[]): any {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'Policy', { podSelector: LabelSelector.matchLabels({ role: 'db' }), ingress, egress });
    return onlyPolicy(chart);
  }

  test('render the same YAML as the jsii classes', () => {
    const fluent = synth(
      [AllowFrom(api, prod).toPort(3306), AllowFrom(office).toPorts(Port.tcpRange(8000, 9000))],
      [AllowTo(Peer.namespace('kube-system')).toPorts(Port.DNS_UDP, Port.DNS_TCP), AllowTo(Peer.anything()).toPort(443)],
    );
    const jsii = synth(
      [IngressRule.fromPeers(api, prod).toPort(3306), IngressRule.fromPeers(office).toPorts(Port.tcpRange(8000, 9000))],
      [EgressRule.toPeers(Peer.namespace('kube-system')).toPorts(Port.DNS_UDP, Port.DNS_TCP), EgressRule.toPeers(Peer.anything()).toPort(443)],
    );
    expect(fluent).toEqual(jsii);
    expect(fluent.spec.ingress[0].from).toHaveLength(2);
    expect(fluent.spec.egress[1]).toEqual({ ports: [{ protocol: 'TCP', port: 443 }] });
  });

  test('fail if called without a peer (a type error in TypeScript, an error at run time from JavaScript)', () => {
    // @ts-expect-error AllowFrom needs at least one peer
    expect(() => AllowFrom()).toThrow(/AllowFrom\(\) \/ IngressRule\.fromPeers\(\) needs at least one peer/);
    // @ts-expect-error AllowTo needs at least one peer
    expect(() => AllowTo()).toThrow(/AllowTo\(\) \/ EgressRule\.toPeers\(\) needs at least one peer/);
  });

  test('an egress rule is a type error where an ingress rule is expected, and the other way round', () => {
    const chart = Testing.chart();
    // @ts-expect-error AllowTo builds an egress rule
    new NetworkPolicy(chart, 'A', { podSelector: LabelSelector.all(), ingress: [AllowTo(api)] });
    const policy = new NetworkPolicy(chart, 'B', { podSelector: LabelSelector.all() });
    // @ts-expect-error AllowFrom builds an ingress rule
    policy.addEgressRule(AllowFrom(api));
    expect(policy.policyTypes).toEqual([PolicyType.EGRESS]);
  });

  test('return the jsii rule classes', () => {
    expect(AllowFrom(api)).toBeInstanceOf(IngressRule);
    expect(AllowTo(api)).toBeInstanceOf(EgressRule);
  });
});

describe('PolicyRule', () => {
  test('fails if a port is undefined (JavaScript callers)', () => {
    expect(() => IngressRule.fromPeers(api).toPorts(undefined as any)).toThrow(/IngressRule\.fromPeers\(\): port 0 is undefined: pass a Port\.\* value/);
  });

  test('fails if a peer is undefined (JavaScript callers)', () => {
    expect(() => IngressRule.fromPeers(api, undefined as any)).toThrow(/IngressRule\.fromPeers\(\) got no peer at position 1/);
  });
});
