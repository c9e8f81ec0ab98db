import { ApiObject, Chart, Testing } from 'cdk8s';
import '../../src/analysis/jest';
import { AllowDnsEgress, Guardrails, LabelSelector, NetworkPolicy, PodDefinition, Protocol, WellKnown } from '../../src';

describe('review: NP012', () => {
  test('stays quiet on egress rules that policyTypes leaves out (they have no effect; NP010 reports them)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 's' });
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
});

describe('review: WellKnown.clusterDns', () => {
  test('fails naming the option the user wrote where the message would name an inner factory', () => {
    expect(() => WellKnown.clusterDns({ dnsPodLabels: {} })).toThrow(/a label selector needs at least one label/);
    expect(() => WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsIp: '::ffff:169.254.20.10' })).toThrow(/^WellKnown\.clusterDns\(\): nodeLocalDnsIp: .*IPv4-mapped/);
    expect(() => WellKnown.monitoring({ namespace: 'Monitoring' })).toThrow(/^WellKnown\.monitoring\(\): namespace: invalid namespace name "Monitoring"/);
    expect(() => WellKnown.ingressController({ namespace: 'a_b', pods: LabelSelector.matchLabels({ app: 'x' }) })).toThrow(/^WellKnown\.ingressController\(\): namespace: /);
  });

  test('with NodeLocal DNSCache in iptables mode, allows the kube-dns Service IP too, which pods still query', () => {
    const dns = WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsServiceIp: '10.96.0.10' });
    expect(dns.peers.map((p) => p.toPeerConfig().ipBlock?.cidr)).toEqual([undefined, '169.254.20.10/32', '10.96.0.10/32']);
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    new AllowDnsEgress(chart, 'Dns', { nodeLocalDnsCache: true, nodeLocalDnsServiceIp: '10.96.0.10' });
    const pods: PodDefinition[] = [{ name: 'web', namespace: 'shop' }];
    expect(chart).toAllowTraffic({ from: 'shop/web', to: '10.96.0.10', port: 53, protocol: Protocol.UDP, pods });
    expect(chart).toDenyTraffic({ from: 'shop/web', to: '10.96.0.11', port: 53, protocol: Protocol.UDP, pods });
    expect(() => WellKnown.clusterDns({ nodeLocalDnsServiceIp: '10.96.0.10' })).toThrow(/nodeLocalDnsServiceIp "10.96.0.10" is only used with nodeLocalDnsCache: true/);
    expect(() => WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsServiceIp: '10.96.0.10/32' })).toThrow('invalid nodeLocalDnsServiceIp "10.96.0.10/32": give one IP address, e.g. "10.96.0.10"');
  });
});

describe('review: clusterDns on another pod port with NodeLocal DNSCache', () => {
  test('still reaches node-local-dns on 53, and the DNS pods on their port', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    new NetworkPolicy(chart, 'Dns', { podSelector: LabelSelector.all(), egress: [WellKnown.clusterDns({ port: 5353, nodeLocalDnsCache: true }).egressRule()] });
    const pods: PodDefinition[] = [{ name: 'web', namespace: 'shop' }, { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }];
    expect(chart).toAllowTraffic({ from: 'shop/web', to: '169.254.20.10', port: 53, protocol: Protocol.UDP, pods });
    expect(chart).toAllowTraffic({ from: 'shop/web', to: 'kube-system/coredns', port: 5353, protocol: Protocol.UDP, pods });
    expect(chart).toDenyTraffic({ from: 'shop/web', to: '169.254.20.10', port: 80, pods });
    expect(WellKnown.clusterDns({ port: 5353 }).ports.map((p) => p.toString())).toEqual(['UDP 5353', 'TCP 5353']);
  });
});

describe('review: anyIpv4ExceptCloudMetadata', () => {
  test('does not repeat the endpoint when a wider except range already holds it', () => {
    expect(WellKnown.anyIpv4ExceptCloudMetadata(['169.254.0.0/16']).toPeerConfig()).toEqual({ ipBlock: { cidr: '0.0.0.0/0', exceptCidrs: ['169.254.0.0/16'] } });
    expect(WellKnown.anyIpv6ExceptCloudMetadata(['fd00:ec2::/32']).toPeerConfig()).toEqual({ ipBlock: { cidr: '::/0', exceptCidrs: ['fd00:ec2::/32'] } });
    expect(WellKnown.anyIpv4ExceptCloudMetadata(['169.254.169.0/24', '10.0.0.0/8']).toPeerConfig().ipBlock?.exceptCidrs).toEqual(['169.254.169.0/24', '10.0.0.0/8']);
    expect(() => WellKnown.anyIpv4ExceptCloudMetadata(['169.254.0.0/33'])).toThrow(/169\.254\.0\.0\/33/);
  });
});

describe('review: WellKnownService', () => {
  test('what it hands out cannot change what it renders', () => {
    const dns = WellKnown.clusterDns();
    const before = JSON.stringify(dns.egressRule()._toKube());
    (dns.peers[0].toPeerConfig() as any).podSelector = undefined;
    expect(() => { (dns as any).peerList.push(WellKnown.monitoring()); }).toThrow();
    expect(JSON.stringify(dns.egressRule()._toKube())).toEqual(before);
  });
});

describe('review: NetworkPolicy with a WellKnown peer and a mixed to list', () => {
  test('NP012 names only the every-address entry of a to list that mixes peers', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 's' });
    new ApiObject(chart, 'Mixed', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'mixed' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.0.0/16'] } }, { podSelector: {} }, { ipBlock: { cidr: '::/0', except: ['fd00::/8'] } }, { ipBlock: { cidr: '::/0' } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 1, endPort: 65535 }],
        }],
      },
    });
    new NetworkPolicy(chart, 'Ok', { podSelector: LabelSelector.all(), egress: [WellKnown.cloudMetadata().egressRule()] });
    expect(Guardrails.findings(chart).filter((f) => f.ruleId === 'NP012').map((f) => f.field)).toEqual(['spec.egress[0].to[3].ipBlock']);
  });
});
