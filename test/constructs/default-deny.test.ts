import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { DefaultDeny, LabelSelector, PolicyType } from '../../src';
import { onlyPolicy, policiesYaml } from '../_support/helpers';

describe('DefaultDeny', () => {
  test('denies ingress and egress for every pod of the namespace', () => {
    const chart = new Chart(Testing.app(), 'c');
    new DefaultDeny(chart, 'DenyAll', { directions: [PolicyType.INGRESS, PolicyType.EGRESS], metadata: { namespace: 'shop' } });
    expect(onlyPolicy(chart)).toEqual(parse(`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: deny-all
        namespace: shop
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
    `));
    expect(policiesYaml(chart)).toMatchSnapshot();
  });

  test('denies one direction only, with no rule lists at all', () => {
    const chart = Testing.chart();
    new DefaultDeny(chart, 'DenyEgress', { directions: [PolicyType.EGRESS] });
    const spec = onlyPolicy(chart).spec;
    expect(spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
    expect(spec).not.toHaveProperty('ingress');
    expect(spec).not.toHaveProperty('egress');
  });

  test('can target a selection of pods', () => {
    const chart = Testing.chart();
    const deny = new DefaultDeny(chart, 'Deny', { directions: [PolicyType.INGRESS], podSelector: LabelSelector.matchLabels({ app: 'web' }) });
    expect(onlyPolicy(chart).spec).toEqual({ podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] });
    expect(deny.policy.name).toEqual('deny');
  });

  test('fails if no direction is given', () => {
    const chart = Testing.chart();
    expect(() => new DefaultDeny(chart, 'Deny', { directions: [] })).toThrow(/DefaultDeny test\/Deny: directions is empty/);
  });
});
