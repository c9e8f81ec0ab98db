import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { AllowDnsEgress, DefaultDeny, Guardrails, LabelSelector, PolicyType } from '../../src';
import { onlyPolicy, policiesYaml } from '../_support/helpers';

describe('AllowDnsEgress', () => {
  test('lets every pod reach kube-dns on UDP and TCP 53', () => {
    const chart = Testing.chart();
    new AllowDnsEgress(chart, 'AllowDns');
    expect(onlyPolicy(chart)).toEqual(parse(`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: allow-dns
      spec:
        podSelector: {}
        policyTypes: [Egress]
        egress:
          - to:
              - namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: kube-system
                podSelector:
                  matchLabels:
                    k8s-app: kube-dns
            ports:
              - { protocol: UDP, port: 53 }
              - { protocol: TCP, port: 53 }
    `));
    expect(policiesYaml(chart)).toMatchSnapshot();
  });

  test('takes the DNS namespace, labels and pod port, and a pod selection', () => {
    const chart = Testing.chart();
    new AllowDnsEgress(chart, 'Dns', {
      podSelector: LabelSelector.matchLabels({ app: 'web' }),
      dnsNamespace: 'openshift-dns',
      dnsPodLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      port: 5353,
    });
    expect(onlyPolicy(chart).spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } },
          podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } },
        }],
        ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }],
      }],
    });
  });

  test('the DNS guardrail trusts a custom DNS location given here', () => {
    const chart = Testing.chart();
    Guardrails.enable(chart, { strict: true });
    new DefaultDeny(chart, 'Deny', { directions: [PolicyType.EGRESS] });
    new AllowDnsEgress(chart, 'Dns', { dnsNamespace: 'openshift-dns', dnsPodLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 });
    expect(Guardrails.findings(chart)).toEqual([]);
  });

  test('rule() is the same egress rule, for use in other policies', () => {
    expect(AllowDnsEgress.rule().toString()).toEqual('pods({k8s-app=kube-dns}) in namespace kube-system on UDP 53, TCP 53');
  });

  test('fails if the port is invalid', () => {
    expect(() => AllowDnsEgress.rule({ port: 0 })).toThrow(/invalid port 0/);
    expect(() => new AllowDnsEgress(Testing.chart(), 'Dns', { dnsNamespace: 'Kube-System' })).toThrow(/^AllowDnsEgress test\/Dns: dns options: invalid namespace name "Kube-System"/);
  });
});
