import { Testing } from 'cdk8s';
import { AllowFrom, AllowTo, EgressRule, IngressRule, IPeer, LabelExpression, LabelSelector, NetworkPolicy, Peer, PolicyType, Port } from '../../src';
import { onlyPolicy, policies, policiesYaml } from '../_support/helpers';

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
    expect(IngressRule.fromPeers(api, prod).toPort(3306).toString()).toEqual('pods({name=api-pod}) or namespaces(prod) on TCP 3306');
    expect(IngressRule.fromPeers(api).toString()).toEqual('pods({name=api-pod}) on all ports');
  });

  test('fromAnywhere() is fromPeers(Peer.anything()): no from list', () => {
    expect(IngressRule.fromAnywhere().toPort(443)._toKube()).toEqual({ ports: [{ protocol: 'TCP', port: 443 }] });
    expect(IngressRule.fromAnywhere()._toKube()).toEqual(IngressRule.fromPeers(Peer.anything())._toKube());
    expect(IngressRule.fromAnywhere().toString()).toEqual('anything on all ports');
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

  test('toAnywhere() is toPeers(Peer.anything()): no to list', () => {
    expect(EgressRule.toAnywhere().toPorts(Port.HTTPS)._toKube()).toEqual({ ports: [{ protocol: 'TCP', port: 443 }] });
    expect(EgressRule.toAnywhere()._toKube()).toEqual(EgressRule.toPeers(Peer.anything())._toKube());
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

  test('an egress rule is a type error where an ingress rule is expected, and the other way round; past the compiler, an error', () => {
    const chart = Testing.chart();
    // @ts-expect-error AllowTo builds an egress rule
    expect(() => new NetworkPolicy(chart, 'A', { podSelector: LabelSelector.all(), ingress: [AllowTo(api)] }))
      .toThrow(/NetworkPolicy test\/A: ingress\[0\] is an egress rule: build it with IngressRule\.fromPeers\(\.\.\.\) or AllowFrom\(\.\.\.\)/);
    const policy = new NetworkPolicy(chart, 'B', { podSelector: LabelSelector.all(), egress: [AllowTo(api)] });
    // @ts-expect-error AllowFrom builds an ingress rule
    expect(() => policy.addEgressRule(AllowFrom(api))).toThrow(/NetworkPolicy test\/B: egress\[0\] is an ingress rule/);
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

describe('PolicyRule (immutable values)', () => {
  /** One chart whose policy uses every value below; the YAML is taken before and after the mutations. */
  function build() {
    const expression = LabelExpression.isIn('tier', ['web']);
    const podSelector = LabelSelector.of({ labels: { app: 'shop' }, expressions: [expression] });
    const pods = Peer.podsInNamespaces({ pods: podSelector, namespaces: LabelSelector.matchLabels({ team: 'ops' }) });
    const block = Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']);
    const ingress = IngressRule.fromPeers(pods, block).toPorts(Port.tcp(80));
    const egress = EgressRule.toPeers(Peer.namespace('kube-system')).toPorts(Port.DNS_UDP);
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'Policy', { podSelector, ingress: [ingress], egress: [egress] });
    return { chart, expression, podSelector, pods, block, ingress, egress };
  }

  test('mutating every array and object a value hands out changes no synthesized YAML', () => {
    const v = build();
    const before = policiesYaml(v.chart);
    v.ingress.ports.push(Port.tcp(22));
    v.ingress.peers.push(Peer.anything());
    v.egress.ports.splice(0);
    v.egress.peers.length = 0;
    const peerConfig = v.pods.toPeerConfig() as any;
    peerConfig.podSelector.matchLabels.app = 'x';
    peerConfig.podSelector.matchExpressions[0].values.push('db');
    peerConfig.namespaceSelector.matchLabels.team = 'x';
    (v.block.toPeerConfig().ipBlock!.exceptCidrs as string[]).push('10.2.0.0/16');
    v.expression.values.push('api');
    (v.expression.toConfig().values as string[]).push('api');
    const selectorConfig = v.podSelector.toConfig() as any;
    selectorConfig.matchLabels.x = 'y';
    selectorConfig.matchExpressions.pop();
    expect(policiesYaml(v.chart)).toEqual(before);
    expect(before).toContain('- 10.1.0.0/16');
    expect(v.ingress.ports.map(String)).toEqual(['TCP 80']);
    expect(v.egress.peers).toHaveLength(1);
  });

  test('fails if anything assigns to a value\'s fields, even past the compiler: the YAML stays as built', () => {
    const v = build();
    const before = policiesYaml(v.chart);
    const port = v.ingress.ports[0] as any;
    expect(() => { port.portNumber = 22; }).toThrow(TypeError);
    expect(() => { (Port.HTTPS as any).portNumber = 22; }).toThrow(TypeError);
    expect(() => { (v.expression as any).operator = 'NotIn'; }).toThrow(TypeError);
    expect(() => { (v.expression as any).valueList.push('db'); }).toThrow(TypeError);
    expect(() => { (v.podSelector as any).labels.push(['x', 'y']); }).toThrow(TypeError);
    expect(() => { (v.ingress as any).portConfigs[0].port = 22; }).toThrow(TypeError);
    expect(() => { (v.ingress as any).held[0].config.podSelector.matchLabels.app = 'x'; }).toThrow(TypeError);
    expect(() => { (v.pods as any).config.podSelector.matchLabels.app = 'x'; }).toThrow(TypeError);
    expect(policiesYaml(v.chart)).toEqual(before);
    expect(Port.HTTPS.toString()).toEqual('TCP 443');
  });

  test('fails if a custom IPeer renders a label value that is not a string (it would vanish and widen the peer)', () => {
    const custom: IPeer = { description: 'team from env', toPeerConfig: () => ({ podSelector: { matchLabels: { team: undefined as any } } }) };
    expect(() => IngressRule.fromPeers(custom)).toThrow(/peer "team from env": podSelector\.matchLabels\["team"\] is undefined: label values are strings/);
    const nsCustom: IPeer = { description: 'ns', toPeerConfig: () => ({ namespaceSelector: { matchLabels: { env: 3 as any } } }) };
    expect(() => EgressRule.toPeers(nsCustom)).toThrow(/peer "ns": namespaceSelector\.matchLabels\["env"\] is 3: label values are strings/);
  });

  test('mutating the rendered spec of one synth changes the next one nothing', () => {
    const v = build();
    const first = policies(v.chart)[0];
    const again = v.ingress._toKube() as any;
    again.from[0].podSelector.matchLabels.app = 'x';
    again.ports.push({ protocol: 'TCP', port: 22 });
    expect(policies(v.chart)[0]).toEqual(first);
  });

  test('a rule keeps the config its peers had when it was built (custom IPeer)', () => {
    const config = { podSelector: { matchLabels: { app: 'web' } } };
    const custom: IPeer = { description: 'web', toPeerConfig: () => config };
    const rule = IngressRule.fromPeers(custom);
    config.podSelector.matchLabels.app = 'db';
    expect(rule._toKube()).toEqual({ from: [{ podSelector: { matchLabels: { app: 'web' } } }] });
  });

  test('shared values stay shared safely: one peer in two policies renders the same after either is synthesized', () => {
    const web = Peer.pods(LabelSelector.matchLabels({ app: 'web' }));
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'A', { podSelector: LabelSelector.matchLabels({ app: 'a' }), ingress: [AllowFrom(web)] });
    new NetworkPolicy(chart, 'B', { podSelector: LabelSelector.matchLabels({ app: 'b' }), ingress: [AllowFrom(web).toPort(80)] });
    const [a, b] = policies(chart);
    expect(a.spec.ingress[0].from).toEqual(b.spec.ingress[0].from);
    expect(web.toPeerConfig()).toEqual({ podSelector: { matchLabels: { app: 'web' } } });
  });
});
