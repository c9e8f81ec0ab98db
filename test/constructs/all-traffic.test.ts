import { Chart, Testing } from 'cdk8s';
import '../../src/analysis/jest';
import { AllowAllEgress, AllowAllIngress, AllowDnsEgress, DefaultDeny, DenyAllEgress, DenyAllIngress, Guardrails, LabelSelector, PodDefinition, PolicyType } from '../../src';
import { onlyPolicy, policies } from '../_support/helpers';

const web = LabelSelector.matchLabels({ app: 'web' });
const pods: PodDefinition[] = [
  { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  { name: 'api', namespace: 'shop', labels: { app: 'api' } },
  { name: 'client', namespace: 'other' },
];

function shop(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'shop' });
}

describe('DenyAllIngress', () => {
  test('isolates ingress of every pod of the namespace, with no rules', () => {
    const chart = shop();
    const deny = new DenyAllIngress(chart, 'DenyIn');
    expect(onlyPolicy(chart)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-in', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    expect(deny.policy.name).toEqual('deny-in');
  });

  test('writes the same policy as DefaultDeny with directions [INGRESS]', () => {
    const a = shop();
    const b = shop();
    new DenyAllIngress(a, 'Deny', { podSelector: web, metadata: { name: 'x' } });
    new DefaultDeny(b, 'Deny', { podSelector: web, metadata: { name: 'x' }, directions: [PolicyType.INGRESS] });
    expect(policies(a)).toEqual(policies(b));
  });

  test('denies all ingress to the selected pods only', () => {
    const chart = shop();
    new DenyAllIngress(chart, 'Deny', { podSelector: web });
    expect(chart).toDenyTraffic({ from: 'shop/api', to: 'shop/web', port: 80, pods });
    expect(chart).toAllowTraffic({ from: 'other/client', to: 'shop/api', port: 80, pods });
    expect(chart).toAllowTraffic({ from: 'shop/web', to: 'shop/api', port: 80, pods });
  });
});

describe('DenyAllEgress', () => {
  test('isolates egress of the selected pods, with no rules', () => {
    const chart = shop();
    new DenyAllEgress(chart, 'DenyOut', { podSelector: web });
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] });
    expect(chart).toDenyTraffic({ from: 'shop/web', to: 'shop/api', port: 80, pods });
    expect(chart).toAllowTraffic({ from: 'shop/api', to: 'shop/web', port: 80, pods });
  });

  test('the DNS guardrail fires when nothing allows DNS, and is quiet beside AllowDnsEgress', () => {
    const alone = shop();
    Guardrails.enable(alone);
    new DenyAllEgress(alone, 'DenyOut');
    expect(Guardrails.findings(alone).map((f) => f.ruleId)).toEqual(['NP005']);
    const paired = shop();
    Guardrails.enable(paired, { strict: true });
    new DenyAllEgress(paired, 'DenyOut');
    new AllowDnsEgress(paired, 'Dns');
    expect(Guardrails.findings(paired)).toEqual([]);
  });
});

describe('AllowAllIngress', () => {
  test('writes one empty rule: every source, every port', () => {
    const chart = shop();
    new AllowAllIngress(chart, 'WebIn', { podSelector: web });
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{}] });
  });

  test('wins over a deny of the same pods, and is recorded as meant (no NP001/NP002 in strict mode)', () => {
    const chart = shop();
    Guardrails.enable(chart, { strict: true });
    new DenyAllIngress(chart, 'Deny');
    new AllowAllIngress(chart, 'WebIn', { podSelector: web });
    expect(Guardrails.findings(chart)).toEqual([]);
    expect(chart).toAllowTraffic({ from: 'other/client', to: 'shop/web', port: 443, pods });
    expect(chart).toAllowTraffic({ from: '203.0.113.7', to: 'shop/web', port: 443, pods });
    expect(chart).toDenyTraffic({ from: 'other/client', to: 'shop/api', port: 443, pods });
  });
});

describe('AllowAllEgress', () => {
  test('writes one empty rule for every pod of the namespace, and wins over DenyAllEgress', () => {
    const chart = shop();
    new DenyAllEgress(chart, 'Deny');
    new AllowAllEgress(chart, 'Out', { metadata: { name: 'allow-all-egress' } });
    expect(policies(chart)[1]).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-all-egress', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{}] },
    });
    expect(chart).toAllowTraffic({ from: 'shop/web', to: '203.0.113.7', port: 443, pods });
    expect(chart).toAllowTraffic({ from: 'shop/web', to: 'other/client', port: 53, protocol: 'UDP', pods });
  });
});
