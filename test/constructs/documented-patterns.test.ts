import { Testing } from 'cdk8s';
import { documentedPatterns } from '../../examples/patterns';
import { policies, policiesYaml, fixture } from '../_support/helpers';

const documented = fixture('documented-patterns.yaml');

describe('documented patterns', () => {
  const chart = Testing.chart();
  documentedPatterns(chart);
  const synthesized = policies(chart);

  test('synthesizes exactly the seven documented policies, in order', () => {
    expect(synthesized.map((p) => p.metadata.name)).toEqual([
      'db-policy-in',
      'db-policy-out',
      'namespace-policy-in',
      'namespace-policy-out',
      'ip-policy-in',
      'ip-policy-out',
      'combined-policy-in',
    ]);
  });

  test.each(documented.map((d) => [d.metadata.name, d]))('%s deep-equals the documented YAML', (name, expected) => {
    const actual = synthesized.find((p) => p.metadata.name === name);
    expect(actual).toEqual(expected);
  });

  test('the combined policy ANDs pods with namespaces in one peer and ORs the ipBlock', () => {
    const combined = synthesized.find((p) => p.metadata.name === 'combined-policy-in');
    expect(combined.spec.ingress).toHaveLength(1);
    expect(combined.spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { name: 'api-pod' } }, namespaceSelector: { matchLabels: { name: 'prod' } } },
      { ipBlock: { cidr: '192.168.5.10/32' } },
    ]);
  });

  test('matches the YAML snapshot', () => {
    expect(policiesYaml(chart)).toMatchSnapshot();
  });
});
