import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowFrom, AllowTo, IPeer, LabelSelector, NetworkPolicy, Peer, PeerConfig, PolicyType, Port } from '../../src';
import { onlyPolicy, policies, policiesYaml } from '../_support/helpers';

const db = LabelSelector.matchLabels({ role: 'db' });
const api = Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }));

/** A user-written peer that renders whatever it is given, to reach the synth-time checks. */
class RawPeer implements IPeer {
  public readonly description = 'raw';
  constructor(private readonly config: PeerConfig) {}
  public toPeerConfig(): PeerConfig {
    return this.config;
  }
}

describe('NetworkPolicy', () => {
  test('renders podSelector, rules and explicit policyTypes', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new NetworkPolicy(chart, 'DbAccess', {
      podSelector: db,
      ingress: [AllowFrom(api).toPort(3306)],
      egress: [AllowTo(Peer.namespace('kube-system')).toPorts(Port.DNS_UDP, Port.DNS_TCP)],
    });
    // THEN
    const policy = onlyPolicy(chart);
    expect(policy.metadata).toEqual({ name: 'db-access' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { name: 'api-pod' } } }], ports: [{ protocol: 'TCP', port: 3306 }] }],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(policiesYaml(chart)).toMatchSnapshot();
  });

  test('infers policyTypes from the directions that have rules', () => {
    const chart = Testing.chart();
    const ingressOnly = new NetworkPolicy(chart, 'In', { podSelector: db, ingress: [AllowFrom(api)] });
    const egressOnly = new NetworkPolicy(chart, 'Out', { podSelector: db, egress: [AllowTo(api)] });
    expect(ingressOnly.policyTypes).toEqual([PolicyType.INGRESS]);
    expect(egressOnly.policyTypes).toEqual([PolicyType.EGRESS]);
    expect(policies(chart).map((p) => p.spec.policyTypes)).toEqual([['Ingress'], ['Egress']]);
  });

  test('isolate() adds a direction with no rules, which then allows nothing', () => {
    const chart = Testing.chart();
    const policy = new NetworkPolicy(chart, 'P', { podSelector: db, ingress: [AllowFrom(api)] });
    policy.isolate(PolicyType.EGRESS);
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { role: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { name: 'api-pod' } } }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  test('explicit policyTypes are written as given, in Kubernetes order', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'P', { podSelector: db, egress: [AllowTo(api)], policyTypes: [PolicyType.EGRESS, PolicyType.INGRESS] });
    expect(onlyPolicy(chart).spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('rules added later with add* methods render too (lazy spec)', () => {
    const chart = Testing.chart();
    const policy = new NetworkPolicy(chart, 'P', { podSelector: db });
    policy.addIngressRule(AllowFrom(api).toPort(3306));
    policy.addEgressRule(AllowTo(Peer.ipBlock('10.0.0.0/8')).toPort(443));
    const spec = onlyPolicy(chart).spec;
    expect(spec.ingress).toHaveLength(1);
    expect(spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('drops identical rules, keeping the first', () => {
    const chart = Testing.chart();
    const policy = new NetworkPolicy(chart, 'P', { podSelector: db, ingress: [AllowFrom(api).toPort(3306), AllowFrom(Peer.namespace('x'))] });
    policy.addIngressRule(AllowFrom(Peer.pods(LabelSelector.matchLabels({ name: 'api-pod' }))).toPort(3306));
    expect(onlyPolicy(chart).spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { name: 'api-pod' } } }], ports: [{ protocol: 'TCP', port: 3306 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } } }] },
    ]);
  });

  test('names come from the construct path below the chart, readable and without a hash', () => {
    const chart = new Chart(Testing.app(), 'my-chart');
    const team = new Construct(chart, 'TeamA');
    const nested = new NetworkPolicy(team, 'AllowAPIFromWeb', { podSelector: db, ingress: [AllowFrom(api)] });
    const named = new NetworkPolicy(chart, 'Other', { metadata: { name: 'explicit-name', labels: { team: 'a' } }, podSelector: db, ingress: [AllowFrom(api)] });
    expect(nested.name).toEqual('team-a-allow-api-from-web');
    expect(named.name).toEqual('explicit-name');
    expect(policies(chart)[1].metadata).toEqual({ name: 'explicit-name', labels: { team: 'a' } });
  });

  test('takes its namespace from metadata, else from the chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const inChart = new NetworkPolicy(chart, 'A', { podSelector: db, ingress: [AllowFrom(api)] });
    const explicit = new NetworkPolicy(chart, 'B', { metadata: { namespace: 'billing' }, podSelector: db, ingress: [AllowFrom(api)] });
    expect([inChart.namespace, explicit.namespace]).toEqual(['shop', 'billing']);
    expect(policies(chart).map((p) => p.metadata.namespace)).toEqual(['shop', 'billing']);
  });

  test('fails at synth if the policy has no rules and isolates nothing (never an accidental deny-all)', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'Empty', { podSelector: db });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Empty\] spec\.policyTypes: the policy has no rules and isolates nothing.*use DefaultDeny/);
  });

  test('fails at synth if two policies of the app would be the same object (same namespace and name)', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a', { namespace: 'shop' });
    const b = new Chart(app, 'b', { namespace: 'shop' });
    const c = new Chart(app, 'c', { namespace: 'billing' });
    new NetworkPolicy(a, 'Db', { podSelector: db, ingress: [AllowFrom(api)] });
    new NetworkPolicy(b, 'Db', { podSelector: db, ingress: [AllowFrom(api)] });
    new NetworkPolicy(c, 'Db', { podSelector: db, ingress: [AllowFrom(api)] });
    new NetworkPolicy(a, 'db', { podSelector: db, ingress: [AllowFrom(api)] });
    expect(() => app.synthYaml()).toThrow(/\[a\/db\] metadata\.name: "db" is also the name of the NetworkPolicy at a\/Db in the same namespace/);
    expect(() => app.synthYaml()).toThrow(/\[b\/Db\] metadata\.name: "db" is also the name of the NetworkPolicy at a\/Db in the same namespace: the one applied last would replace the other/);
    expect(() => app.synthYaml()).not.toThrow(/\[c\/Db\]/); // same name, other namespace
  });

  test('fails at synth if policyTypes is an explicit empty list', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'P', { podSelector: db, ingress: [AllowFrom(api)], policyTypes: [] });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/P\] spec\.policyTypes: is an empty list[\s\S]*leave policyTypes out to infer them/);
  });

  test('fails at synth if explicit policyTypes leave out a direction that has rules', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'P', { podSelector: db, egress: [AllowTo(api)], policyTypes: [PolicyType.INGRESS] });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/P\] spec\.policyTypes: \["Ingress"\] leaves out Egress, so its egress rules would be ignored: add Egress/);
  });

  test('fails at synth with every API-server problem, each with construct path and field path', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'Bad', {
      podSelector: db,
      ingress: [
        AllowFrom(api, new RawPeer({})),
        AllowFrom(new RawPeer({ podSelector: { matchLabels: { 'bad key': 'x' } }, ipBlock: { cidr: '10.0.0.0/8', exceptCidrs: ['10.0.0.0/8', '11.0.0.0/16'] } })),
      ],
    });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[test\/Bad\] spec\.ingress\[0\]\.from\[1\]: must specify a peer/);
    expect(message).toMatch(/\[test\/Bad\] spec\.ingress\[1\]\.from\[0\]: may not specify both ipBlock and another peer/);
    expect(message).toMatch(/\[test\/Bad\] spec\.ingress\[1\]\.from\[0\]\.podSelector\.matchLabels\["bad key"\]: "bad key" is not a valid key/);
    expect(message).toMatch(/\[test\/Bad\] spec\.ingress\[1\]\.from\[0\]\.ipBlock\.except\[0\]: "10\.0\.0\.0\/8" must be a strict subset of cidr/);
    expect(message).toMatch(/\[test\/Bad\] spec\.ingress\[1\]\.from\[0\]\.ipBlock\.except\[1\]: "11\.0\.0\.0\/16" must be a strict subset of cidr/);
  });

  test('fails at synth if the derived or given name is not a valid object name', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'Default', { podSelector: db, ingress: [AllowFrom(api)] });
    new NetworkPolicy(chart, 'P', { metadata: { name: 'Not_Valid' }, podSelector: db, ingress: [AllowFrom(api)] });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Default\] metadata\.name: is required[\s\S]*\[test\/P\] metadata\.name: "Not_Valid" must be a lowercase RFC 1123 subdomain/);
  });

  test('fails at synth if a policy without a namespace and one in "default" share a name (one object to the cluster)', () => {
    const app = Testing.app();
    new NetworkPolicy(new Chart(app, 'plain'), 'Deny', { metadata: { name: 'deny' }, podSelector: db, ingress: [AllowFrom(api)] });
    new NetworkPolicy(new Chart(app, 'named', { namespace: 'default' }), 'Deny', { metadata: { name: 'deny' }, podSelector: db, ingress: [AllowFrom(api)] });
    expect(() => app.synth()).toThrow(/metadata\.name: "deny" is also the name of the NetworkPolicy at named\/Deny/);
  });

  test('a policy removed from the tree no longer counts as a same-named twin', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'A', { metadata: { name: 'same' }, podSelector: db, ingress: [AllowFrom(api)] });
    new NetworkPolicy(chart, 'B', { metadata: { name: 'same' }, podSelector: db, ingress: [AllowFrom(api)] });
    expect(() => Testing.synth(chart)).toThrow(/"same" is also the name of the NetworkPolicy at test\/(A|B)/);
    chart.node.tryRemoveChild('B');
    expect(policies(chart).map((p) => p.metadata.name)).toEqual(['same']);
  });

  test('fails at once, naming the construct and the fix, on props a compiler would have refused', () => {
    const chart = Testing.chart();
    expect(() => new NetworkPolicy(chart, 'NoSelector', {} as any)).toThrow(/NetworkPolicy test\/NoSelector: podSelector must be a LabelSelector \(LabelSelector\.matchLabels/);
    expect(() => new NetworkPolicy(chart, 'Plain', { podSelector: { matchLabels: { a: 'b' } } as any }))
      .toThrow(/NetworkPolicy test\/Plain: podSelector must be a LabelSelector.*not \{"matchLabels":\{"a":"b"\}\}/);
    expect(() => new NetworkPolicy(chart, 'Types', { podSelector: db, policyTypes: ['ingress' as any] }))
      .toThrow(/NetworkPolicy test\/Types: policyTypes\[0\] is "ingress": use PolicyType\.INGRESS or PolicyType\.EGRESS/);
    expect(() => new NetworkPolicy(chart, 'Ctor', { metadata: { labels: { constructor: 'x' } }, podSelector: db, ingress: [AllowFrom(api)] }))
      .toThrow(/NetworkPolicy test\/Ctor: metadata\.labels\["constructor"\]: cdk8s cannot write a map key named "constructor"/);
    expect(() => new NetworkPolicy(chart, 'Missing', { podSelector: db, ingress: [undefined as any] }))
      .toThrow(/NetworkPolicy test\/Missing: ingress\[0\] is undefined: build it with IngressRule\.fromPeers/);
  });

  test('renders the podSelector it was given, whatever happens to the selector later', () => {
    const chart = Testing.chart();
    const selector = LabelSelector.matchLabels({ role: 'db' });
    new NetworkPolicy(chart, 'P', { podSelector: selector, ingress: [AllowFrom(api)] });
    expect(() => { (selector as any).labels = []; }).toThrow(TypeError);
    expect(onlyPolicy(chart).spec.podSelector).toEqual({ matchLabels: { role: 'db' } });
  });
});
