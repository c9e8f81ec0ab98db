import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { AllowTo, Guardrails, LabelSelector, NamespaceIsolation, NetworkPolicy, Peer } from '../../src';
import { onlyPolicy, policiesYaml } from '../_support/helpers';

describe('NamespaceIsolation', () => {
  test('pods of the namespace accept traffic only from the same namespace', () => {
    const chart = Testing.chart();
    new NamespaceIsolation(chart, 'Shop', { namespace: 'shop' });
    expect(onlyPolicy(chart)).toEqual(parse(`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: shop
        namespace: shop
      spec:
        podSelector: {}
        policyTypes: [Ingress]
        ingress:
          - from:
              - podSelector: {}
    `));
    expect(policiesYaml(chart)).toMatchSnapshot();
  });

  test('also admits listed namespaces and peers, OR-ed in the same rule', () => {
    const chart = Testing.chart();
    new NamespaceIsolation(chart, 'Shop', {
      namespace: 'shop',
      metadata: { name: 'shop-isolation', labels: { team: 'shop' } },
      allowFromNamespaces: ['ingress-nginx', 'monitoring'],
      allowFrom: [Peer.ipBlock('10.0.0.0/8')],
    });
    const policy = onlyPolicy(chart);
    expect(policy.metadata).toEqual({ name: 'shop-isolation', namespace: 'shop', labels: { team: 'shop' } });
    expect(policy.spec.ingress).toEqual([{
      from: [
        { podSelector: {} },
        { ipBlock: { cidr: '10.0.0.0/8' } },
        { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx', 'monitoring'] }] } },
      ],
    }]);
  });

  test('isolates egress the same way, with DNS allowed', () => {
    const chart = Testing.chart();
    new NamespaceIsolation(chart, 'Shop', {
      namespace: 'shop',
      isolateEgress: true,
      allowToNamespaces: ['billing'],
      allowTo: [Peer.pods(LabelSelector.matchLabels({ app: 'proxy' }))],
    });
    expect(onlyPolicy(chart).spec).toEqual(parse(`
      podSelector: {}
      policyTypes: [Ingress, Egress]
      ingress:
        - from:
            - podSelector: {}
      egress:
        - to:
            - podSelector: {}
            - podSelector: { matchLabels: { app: proxy } }
            - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: billing } }
        - to:
            - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }
              podSelector: { matchLabels: { k8s-app: kube-dns } }
          ports:
            - { protocol: UDP, port: 53 }
            - { protocol: TCP, port: 53 }
    `));
  });

  test('egress isolation without DNS when asked', () => {
    const chart = Testing.chart();
    new NamespaceIsolation(chart, 'Shop', { namespace: 'shop', isolateEgress: true, allowDns: false });
    expect(onlyPolicy(chart).spec.egress).toEqual([{ to: [{ podSelector: {} }] }]);
  });

  test('fails if egress options are given without isolateEgress', () => {
    const chart = Testing.chart();
    expect(() => new NamespaceIsolation(chart, 'Shop', { namespace: 'shop', allowToNamespaces: ['x'] })).toThrow(/only apply with isolateEgress: true/);
    expect(() => new NamespaceIsolation(chart, 'Shop2', { namespace: 'shop', dns: { port: 5353 } })).toThrow(/allowDns and dns only apply with isolateEgress: true/);
  });

  test('fails if metadata names another namespace', () => {
    expect(() => new NamespaceIsolation(Testing.chart(), 'Shop', { namespace: 'shop', metadata: { namespace: 'other' } }))
      .toThrow(/metadata.namespace "other" differs from namespace "shop"/);
  });

  test('fails naming the construct path and the property when a namespace name is invalid', () => {
    expect(() => new NamespaceIsolation(Testing.chart(), 'Shop', { namespace: 'shop', allowFromNamespaces: ['Ingress_Nginx'] }))
      .toThrow(/^NamespaceIsolation test\/Shop: allowFromNamespaces: invalid namespace name "Ingress_Nginx"/);
    expect(() => new NamespaceIsolation(Testing.chart(), 'Shop', { namespace: 'shop', isolateEgress: true, dns: { dnsNamespace: 'Kube-System' } }))
      .toThrow(/^NamespaceIsolation test\/Shop: dns: invalid namespace name "Kube-System"/);
  });

  test('fails if the namespace name is invalid', () => {
    const chart = Testing.chart();
    new NamespaceIsolation(chart, 'Shop', { namespace: 'Shop_1' });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Shop\/Resource\] metadata\.namespace: "Shop_1" must be a lowercase RFC 1123 label/);
  });
});

describe('NamespaceIsolation and the DNS guardrail', () => {
  test('opting out of DNS is not reported as the NP005 mistake', () => {
    const optOut = Testing.chart();
    Guardrails.enable(optOut);
    new NamespaceIsolation(optOut, 'Shop', { namespace: 'shop', isolateEgress: true, allowDns: false });
    expect(Guardrails.findings(optOut).map((f) => f.ruleId)).not.toContain('NP005');

    // the same egress isolation written by hand is reported
    const byHand = Testing.chart();
    Guardrails.enable(byHand);
    new NetworkPolicy(byHand, 'Shop', { metadata: { namespace: 'shop' }, podSelector: LabelSelector.all(), egress: [AllowTo(Peer.allPodsInPolicyNamespace())] });
    expect(Guardrails.findings(byHand).map((f) => f.ruleId)).toContain('NP005');
  });
});
