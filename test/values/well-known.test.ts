import { Chart, Testing } from 'cdk8s';
import '../../src/analysis/jest';
import { AllowDnsEgress, AllowFrom, AllowTo, DenyAllEgress, EgressRule, Guardrails, LabelSelector, NetworkPolicy, PodDefinition, Port, Protocol, WellKnown, WellKnownService } from '../../src';
import { onlyPolicy, policies } from '../_support/helpers';

const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const DNS_PORTS = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];

const render = (rule: EgressRule) => rule._toKube();

describe('WellKnown', () => {
  describe('clusterDns', () => {
    test('is the kube-dns pods of kube-system (one entry, both selectors) on UDP and TCP 53', () => {
      const dns = WellKnown.clusterDns();
      expect(dns.peers.map((p) => p.toPeerConfig())).toEqual([DNS_PEER]);
      expect(dns.ports.map((p) => p.toString())).toEqual(['UDP 53', 'TCP 53']);
      expect(render(dns.egressRule())).toEqual({ to: [DNS_PEER], ports: DNS_PORTS });
      expect(dns.description).toEqual('cluster DNS');
    });

    test('AllowDnsEgress.rule() is the same rule', () => {
      expect(render(AllowDnsEgress.rule())).toEqual(render(WellKnown.clusterDns().egressRule()));
      const custom = { dnsNamespace: 'openshift-dns', dnsPodLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 };
      expect(render(AllowDnsEgress.rule(custom))).toEqual(render(WellKnown.clusterDns(custom).egressRule()));
    });

    test('takes the namespace, labels and pod port', () => {
      const dns = WellKnown.clusterDns({ dnsNamespace: 'dns', dnsPodLabels: { app: 'coredns' }, port: 5353 });
      expect(render(dns.egressRule())).toEqual({
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchLabels: { app: 'coredns' } } }],
        ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }],
      });
    });

    test('adds NodeLocal DNSCache by its link-local address, 169.254.20.10 unless told otherwise', () => {
      expect(render(WellKnown.clusterDns({ nodeLocalDnsCache: true }).egressRule())).toEqual({
        to: [DNS_PEER, { ipBlock: { cidr: '169.254.20.10/32' } }],
        ports: DNS_PORTS,
      });
      expect(WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsIp: 'fd00::a' }).peers[1].toPeerConfig()).toEqual({ ipBlock: { cidr: 'fd00::a/128' } });
      expect(WellKnown.NODE_LOCAL_DNS_IP).toEqual('169.254.20.10');
    });

    test('lets a pod under egress isolation resolve names through kube-dns and NodeLocal DNSCache, and nothing else', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      new NetworkPolicy(chart, 'Dns', { podSelector: LabelSelector.all(), egress: [WellKnown.clusterDns({ nodeLocalDnsCache: true }).egressRule()] });
      const pods: PodDefinition[] = [
        { name: 'web', namespace: 'shop' },
        { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
        { name: 'other', namespace: 'kube-system', labels: { app: 'other' } },
      ];
      expect(chart).toAllowTraffic({ from: 'shop/web', to: 'kube-system/coredns', port: 53, protocol: Protocol.UDP, pods });
      expect(chart).toAllowTraffic({ from: 'shop/web', to: '169.254.20.10', port: 53, protocol: Protocol.UDP, pods });
      expect(chart).toAllowTraffic({ from: 'shop/web', to: '169.254.20.10', port: 53, pods });
      expect(chart).toDenyTraffic({ from: 'shop/web', to: 'kube-system/other', port: 53, protocol: Protocol.UDP, pods });
      expect(chart).toDenyTraffic({ from: 'shop/web', to: '169.254.20.10', port: 80, pods });
    });

    test('AllowDnsEgress takes the NodeLocal DNSCache option too, and the DNS guardrail trusts it', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      Guardrails.enable(chart, { strict: true });
      new DenyAllEgress(chart, 'Deny');
      new AllowDnsEgress(chart, 'Dns', { nodeLocalDnsCache: true, dnsNamespace: 'dns' });
      expect(Guardrails.findings(chart)).toEqual([]);
      expect(policies(chart)[1].spec.egress[0].to[1]).toEqual({ ipBlock: { cidr: '169.254.20.10/32' } });
    });

    test('fails if the NodeLocal address is invalid, or given without nodeLocalDnsCache', () => {
      expect(() => WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsIp: '169.254.20.10/32' })).toThrow('invalid nodeLocalDnsIp "169.254.20.10/32": give one IP address, e.g. "169.254.20.10"');
      expect(() => WellKnown.clusterDns({ nodeLocalDnsIp: '169.254.20.10' })).toThrow(/nodeLocalDnsIp "169.254.20.10" is only used with nodeLocalDnsCache: true/);
      expect(() => WellKnown.clusterDns({ port: 70000 })).toThrow(/invalid port 70000/);
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

    test('on another pod port with NodeLocal DNSCache, still reaches node-local-dns on 53, and the DNS pods on their port', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      new NetworkPolicy(chart, 'Dns', { podSelector: LabelSelector.all(), egress: [WellKnown.clusterDns({ port: 5353, nodeLocalDnsCache: true }).egressRule()] });
      const pods: PodDefinition[] = [{ name: 'web', namespace: 'shop' }, { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }];
      expect(chart).toAllowTraffic({ from: 'shop/web', to: '169.254.20.10', port: 53, protocol: Protocol.UDP, pods });
      expect(chart).toAllowTraffic({ from: 'shop/web', to: 'kube-system/coredns', port: 5353, protocol: Protocol.UDP, pods });
      expect(chart).toDenyTraffic({ from: 'shop/web', to: '169.254.20.10', port: 80, pods });
      expect(WellKnown.clusterDns({ port: 5353 }).ports.map((p) => p.toString())).toEqual(['UDP 5353', 'TCP 5353']);
    });

    test('fails naming the option when the message would name an inner factory', () => {
      expect(() => WellKnown.clusterDns({ dnsPodLabels: {} })).toThrow(/a label selector needs at least one label/);
      expect(() => WellKnown.clusterDns({ nodeLocalDnsCache: true, nodeLocalDnsIp: '::ffff:169.254.20.10' })).toThrow(/^WellKnown\.clusterDns\(\): nodeLocalDnsIp: .*IPv4-mapped/);
    });
  });

  describe('kubeApiServer', () => {
    test('is the endpoint addresses on the endpoints\' TCP port', () => {
      const api = WellKnown.kubeApiServer({ cidrs: ['10.0.0.10/32', '10.0.0.11/32'], port: 6443 });
      expect(render(api.egressRule())).toEqual({
        to: [{ ipBlock: { cidr: '10.0.0.10/32' } }, { ipBlock: { cidr: '10.0.0.11/32' } }],
        ports: [{ protocol: 'TCP', port: 6443 }],
      });
    });

    test('lets a pod reach the endpoints, not other addresses or ports', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'ops' });
      new NetworkPolicy(chart, 'Api', { podSelector: LabelSelector.all(), egress: [WellKnown.kubeApiServer({ cidrs: ['10.0.0.10/32'], port: 6443 }).egressRule()] });
      const pods: PodDefinition[] = [{ name: 'operator', namespace: 'ops' }];
      expect(chart).toAllowTraffic({ from: 'ops/operator', to: '10.0.0.10', port: 6443, pods });
      expect(chart).toDenyTraffic({ from: 'ops/operator', to: '10.0.0.10', port: 443, pods });
      expect(chart).toDenyTraffic({ from: 'ops/operator', to: '10.96.0.1', port: 443, pods });
    });

    test('fails if cidrs or port are missing, saying where to find them', () => {
      expect(() => WellKnown.kubeApiServer({ cidrs: [], port: 6443 })).toThrow(/needs cidrs: the API server endpoint addresses \(kubectl get endpointslices/);
      expect(() => WellKnown.kubeApiServer({ cidrs: ['10.0.0.10/32'] } as any)).toThrow(/needs port: the endpoints' port \(6443 with kubeadm/);
      expect(() => WellKnown.kubeApiServer({ cidrs: ['10.0.0.10/8'], port: 6443 })).toThrow(/^WellKnown.kubeApiServer\(\): cidrs\[0\]: invalid ipBlock cidr "10.0.0.10\/8"/);
      expect(() => WellKnown.kubeApiServer({ cidrs: ['10.0.0.10/32'], port: 0 })).toThrow(/^WellKnown.kubeApiServer\(\): port: invalid port 0/);
    });
  });

  describe('cloud metadata', () => {
    test('the endpoints are 169.254.169.254/32 and fd00:ec2::254/128, on TCP 80', () => {
      expect(WellKnown.CLOUD_METADATA_IPV4_CIDR).toEqual('169.254.169.254/32');
      expect(WellKnown.CLOUD_METADATA_IPV6_CIDR).toEqual('fd00:ec2::254/128');
      expect(render(WellKnown.cloudMetadata().egressRule())).toEqual({
        to: [{ ipBlock: { cidr: '169.254.169.254/32' } }, { ipBlock: { cidr: 'fd00:ec2::254/128' } }],
        ports: [{ protocol: 'TCP', port: 80 }],
      });
    });

    test('anyIpv4ExceptCloudMetadata / anyIpv6ExceptCloudMetadata leave the endpoint (and more) out of every address', () => {
      expect(WellKnown.anyIpv4ExceptCloudMetadata().toPeerConfig()).toEqual({ ipBlock: { cidr: '0.0.0.0/0', exceptCidrs: ['169.254.169.254/32'] } });
      expect(WellKnown.anyIpv4ExceptCloudMetadata(['10.0.0.0/8']).toPeerConfig()).toEqual({ ipBlock: { cidr: '0.0.0.0/0', exceptCidrs: ['169.254.169.254/32', '10.0.0.0/8'] } });
      expect(WellKnown.anyIpv6ExceptCloudMetadata().toPeerConfig()).toEqual({ ipBlock: { cidr: '::/0', exceptCidrs: ['fd00:ec2::254/128'] } });
    });

    test('anyIpv4/6ExceptCloudMetadata do not repeat the endpoint when a wider except range already holds it', () => {
      expect(WellKnown.anyIpv4ExceptCloudMetadata(['169.254.0.0/16']).toPeerConfig()).toEqual({ ipBlock: { cidr: '0.0.0.0/0', exceptCidrs: ['169.254.0.0/16'] } });
      expect(WellKnown.anyIpv6ExceptCloudMetadata(['fd00:ec2::/32']).toPeerConfig()).toEqual({ ipBlock: { cidr: '::/0', exceptCidrs: ['fd00:ec2::/32'] } });
      expect(WellKnown.anyIpv4ExceptCloudMetadata(['169.254.169.0/24', '10.0.0.0/8']).toPeerConfig().ipBlock?.exceptCidrs).toEqual(['169.254.169.0/24', '10.0.0.0/8']);
      expect(() => WellKnown.anyIpv4ExceptCloudMetadata(['169.254.0.0/33'])).toThrow(/169\.254\.0\.0\/33/);
    });

    test('a pod allowed out to every address except the endpoint cannot reach it', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      new NetworkPolicy(chart, 'Out', { podSelector: LabelSelector.all(), egress: [AllowTo(WellKnown.anyIpv4ExceptCloudMetadata()).toPorts(Port.HTTP, Port.HTTPS)] });
      const pods: PodDefinition[] = [{ name: 'web', namespace: 'shop' }];
      expect(chart).toAllowTraffic({ from: 'shop/web', to: '203.0.113.7', port: 80, pods });
      expect(chart).toDenyTraffic({ from: 'shop/web', to: '169.254.169.254', port: 80, pods });
    });
  });

  describe('platform namespaces', () => {
    test('ingressController() is the ingress-nginx namespace, by name; other namespaces and pods on request', () => {
      expect(WellKnown.ingressController().toPeerConfig()).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } });
      const pods = LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'traefik' });
      expect(WellKnown.ingressController({ namespace: 'traefik', pods }).toPeerConfig()).toEqual({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
      });
      expect(WellKnown.ingressController({ pods: LabelSelector.all() }).toPeerConfig()).toEqual(WellKnown.ingressController().toPeerConfig());
    });

    test('monitoring() is the monitoring namespace, by name; other namespaces and pods on request', () => {
      expect(WellKnown.monitoring().toPeerConfig()).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } });
      expect(WellKnown.monitoring({ namespace: 'observability', pods: LabelSelector.matchLabels({ app: 'prometheus' }) }).toPeerConfig()).toEqual({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } },
        podSelector: { matchLabels: { app: 'prometheus' } },
      });
    });

    test('renders plain v1 YAML in a policy, and admits only its namespace', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      new NetworkPolicy(chart, 'Web', { podSelector: LabelSelector.matchLabels({ app: 'web' }), ingress: [AllowFrom(WellKnown.ingressController()).toPort(8080)] });
      expect(onlyPolicy(chart).spec.ingress).toEqual([{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
      const pods: PodDefinition[] = [{ name: 'web', namespace: 'shop', labels: { app: 'web' } }, { name: 'controller', namespace: 'ingress-nginx' }, { name: 'x', namespace: 'monitoring' }];
      expect(chart).toAllowTraffic({ from: 'ingress-nginx/controller', to: 'shop/web', port: 8080, pods });
      expect(chart).toDenyTraffic({ from: 'monitoring/x', to: 'shop/web', port: 8080, pods });
    });

    test('fails if the namespace name or the pods are invalid', () => {
      expect(() => WellKnown.monitoring({ namespace: 'Monitoring' })).toThrow(/invalid namespace name "Monitoring"/);
      expect(() => WellKnown.ingressController({ pods: { app: 'x' } as any })).toThrow('WellKnown.ingressController(): pods must be a LabelSelector');
      expect(() => WellKnown.monitoring({ namespace: 'Monitoring' })).toThrow(/^WellKnown\.monitoring\(\): namespace: invalid namespace name "Monitoring"/);
      expect(() => WellKnown.ingressController({ namespace: 'a_b', pods: LabelSelector.matchLabels({ app: 'x' }) })).toThrow(/^WellKnown\.ingressController\(\): namespace: /);
    });
  });

  describe('WellKnownService', () => {
    test('hands out copies: changing them changes nothing it renders', () => {
      const dns: WellKnownService = WellKnown.clusterDns();
      dns.peers.pop();
      dns.ports.pop();
      expect(dns.peers).toHaveLength(1);
      expect(dns.ports).toHaveLength(2);
      expect(() => { (dns as any).description = 'x'; }).toThrow();
      const before = JSON.stringify(dns.egressRule()._toKube());
      (dns.peers[0].toPeerConfig() as any).podSelector = undefined;
      expect(() => { (dns as any).peerList.push(WellKnown.monitoring()); }).toThrow();
      expect(JSON.stringify(dns.egressRule()._toKube())).toEqual(before);
    });

    test('its egress rule isolates like any egress rule: used alone, the pods reach it only', () => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
      new DenyAllEgress(chart, 'Deny');
      new NetworkPolicy(chart, 'Dns', { podSelector: LabelSelector.all(), egress: [WellKnown.clusterDns().egressRule()] });
      const pods: PodDefinition[] = [{ name: 'web', namespace: 'shop' }, { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }];
      expect(chart).toAllowTraffic({ from: 'shop/web', to: 'kube-system/coredns', port: 53, protocol: Protocol.UDP, pods });
      expect(chart).toDenyTraffic({ from: 'shop/web', to: '203.0.113.7', port: 443, pods });
    });
  });
});
