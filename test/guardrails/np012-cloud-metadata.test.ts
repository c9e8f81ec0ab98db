import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { AllowTo, EgressRule, Guardrails, LabelSelector, NetworkPolicy, Peer, Port, WellKnown } from '../../src';
import { checkNetworkPolicy } from '../../src/validation/network-policy';

function chartIn(app: App = Testing.app()): Chart {
  return new Chart(app, 'test', { namespace: 'shop' });
}

/** An egress-only NetworkPolicy written by hand, valid (the lints skip what the API server would reject). */
function raw(chart: Chart, id: string, egress: object[]): ApiObject {
  const manifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: id.toLowerCase() },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress },
  };
  expect(checkNetworkPolicy(manifest).errors).toEqual([]);
  return new ApiObject(chart, id, manifest);
}

/** `NP012 location field` for every NP012 finding below scope. */
function np012(chart: Chart): string[] {
  return Guardrails.findings(chart).filter((f) => f.ruleId === 'NP012').map((f) => `${f.ruleId} ${f.location} ${f.field}`);
}

const dns = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];

describe('NP012: egress to every address, cloud metadata endpoint included', () => {
  test('fires on 0.0.0.0/0 and ::/0 without the metadata endpoint in except, naming the CIDR to add', () => {
    const chart = chartIn();
    raw(chart, 'V4', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ protocol: 'TCP', port: 80 }] }]);
    raw(chart, 'V6', [{ to: [{ podSelector: {} }, { ipBlock: { cidr: '::/0' } }] }]);
    expect(np012(chart)).toEqual(['NP012 test/V4 spec.egress[0].to[0].ipBlock', 'NP012 test/V6 spec.egress[0].to[1].ipBlock']);
    const messages = Guardrails.findings(chart).filter((f) => f.ruleId === 'NP012').map((f) => f.message);
    expect(messages[0]).toMatch(/every IPv4 address \(0\.0\.0\.0\/0\), the cloud metadata endpoint 169\.254\.169\.254\/32 included: add 169\.254\.169\.254\/32 to its except list/);
    expect(messages[1]).toMatch(/every IPv6 address \(::\/0\), the cloud metadata endpoint fd00:ec2::254\/128 included/);
  });

  test('fires on constructs too: Peer.anyIpv4() on every port, on a range or on all TCP ports', () => {
    const chart = chartIn();
    new NetworkPolicy(chart, 'All', { podSelector: LabelSelector.all(), egress: [AllowTo(Peer.anyIpv4())] });
    new NetworkPolicy(chart, 'Range', { podSelector: LabelSelector.all(), egress: [AllowTo(Peer.anyIpv6()).toPorts(Port.tcpRange(1, 1024))] });
    new NetworkPolicy(chart, 'Tcp', { podSelector: LabelSelector.all(), egress: [AllowTo(Peer.anyIpv4(['10.0.0.0/8'])).toPorts(Port.allTcp())] });
    expect(np012(chart)).toEqual(['NP012 test/All spec.egress[0].to[0].ipBlock', 'NP012 test/Range spec.egress[0].to[0].ipBlock', 'NP012 test/Tcp spec.egress[0].to[0].ipBlock']);
  });

  test('stays quiet when the except list holds the endpoint, alone or in a wider range', () => {
    const chart = chartIn();
    new NetworkPolicy(chart, 'Helper', {
      podSelector: LabelSelector.all(),
      egress: [AllowTo(WellKnown.anyIpv4ExceptCloudMetadata(), WellKnown.anyIpv6ExceptCloudMetadata()).toPort(80)],
    });
    raw(chart, 'LinkLocal', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }] }]);
    expect(np012(chart)).toEqual([]);
  });

  test('stays quiet when the rule\'s ports leave out TCP 80, where the endpoint answers', () => {
    const chart = chartIn();
    raw(chart, 'Https', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }, ...dns] }]);
    raw(chart, 'Udp', [{ to: [{ ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'UDP' }] }]);
    raw(chart, 'Named', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 'http' }] }]);
    raw(chart, 'High', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 81, endPort: 9000 }] }]);
    raw(chart, 'Http', [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 79, endPort: 80 }] }]);
    expect(np012(chart)).toEqual(['NP012 test/Http spec.egress[0].to[0].ipBlock']);
  });

  test('stays quiet on narrower ranges (the endpoint allowed on purpose), on rules without an ipBlock, and on ingress', () => {
    const chart = chartIn();
    raw(chart, 'Narrow', [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '169.254.169.254/32' } }] }]);
    new NetworkPolicy(chart, 'Anywhere', { podSelector: LabelSelector.all(), egress: [EgressRule.toAnywhere().toPort(80)] });
    new NetworkPolicy(chart, 'Imds', { podSelector: LabelSelector.all(), egress: [AllowTo(WellKnown.cloudMetadata().peers[0]).toPort(80)] });
    new ApiObject(chart, 'Public', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'public' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 80 }] }] },
    });
    expect(np012(chart)).toEqual([]);
  });

  test('names only the every-address entry of a to list that mixes peers', () => {
    const chart = chartIn();
    raw(chart, 'Mixed', [{
      to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }, { podSelector: {} }, { ipBlock: { cidr: '::/0', except: ['fd00::/8'] } }, { ipBlock: { cidr: '::/0' } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 1, endPort: 65535 }],
    }]);
    new NetworkPolicy(chart, 'Imds', { podSelector: LabelSelector.all(), egress: [WellKnown.cloudMetadata().egressRule()] });
    expect(np012(chart)).toEqual(['NP012 test/Mixed spec.egress[0].to[3].ipBlock']);
  });

  test('stays quiet on egress rules that policyTypes leaves out: they have no effect, and NP010 reports them', () => {
    const chart = chartIn();
    new ApiObject(chart, 'Ignored', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'ignored' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] },
    });
    const ids = Guardrails.findings(chart).map((f) => f.ruleId);
    expect(ids).toContain('NP010');
    expect(ids).not.toContain('NP012');
  });

  test('fails synth in strict mode, and is silenced with a reason', () => {
    const app = Testing.app();
    const chart = chartIn(app);
    Guardrails.enable(chart, { strict: true });
    const open = new NetworkPolicy(chart, 'Open', { podSelector: LabelSelector.all(), egress: [AllowTo(Peer.anyIpv4()).toPort(80)] });
    expect(() => app.synth()).toThrow(/NP012/);
    Guardrails.ignore(open, 'NP012', 'the node agent reads instance metadata');
    expect(np012(chart)).toEqual([]);
    expect(Guardrails.findings(chart, { includeSuppressed: true }).map((f) => f.ruleId)).toContain('NP012');
  });

  test('lints plain manifests as netpol validate reads them, a port without protocol being TCP', () => {
    const manifest = (cidr: string, except?: string[]) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'out', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr, except } }], ports: [{ port: 80 }] }] },
    });
    const ids = (m: object) => Guardrails.lintManifests([m]).map((f) => f.ruleId).filter((id) => id === 'NP012');
    expect(ids(manifest('0.0.0.0/0'))).toEqual(['NP012']);
    expect(ids(manifest('0.0.0.0/0', ['169.254.169.254/32']))).toEqual([]);
    expect(ids(manifest('::/0', ['fd00:ec2::/64']))).toEqual([]);
    expect(ids(manifest('::/0', ['fd00::/64']))).toEqual(['NP012']);
  });

  test('is listed in the catalog with its reason and fix', () => {
    const rule = Guardrails.rules().find((r) => r.id === 'NP012')!;
    expect(rule.title).toEqual('egress to every address, cloud metadata endpoint included');
    expect(rule.fix).toMatch(/WellKnown\.anyIpv4ExceptCloudMetadata\(\)/);
  });
});
