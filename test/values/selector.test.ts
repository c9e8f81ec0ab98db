import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { LabelExpression, LabelSelector } from '../../src';
import { LabelOperator } from '../../src/values/enums';

describe('LabelSelector', () => {
  test('all() renders the empty selector that selects everything', () => {
    expect(LabelSelector.all().toConfig()).toEqual({});
    expect(LabelSelector.all().isAll).toBe(true);
  });

  test('matchLabels renders matchLabels only', () => {
    expect(LabelSelector.matchLabels({ 'role': 'db', 'app.kubernetes.io/name': 'mysql' }).toConfig()).toEqual({
      matchLabels: { 'role': 'db', 'app.kubernetes.io/name': 'mysql' },
    });
  });

  test('of() combines labels and expressions (AND)', () => {
    const selector = LabelSelector.of({
      labels: { app: 'shop' },
      expressions: [
        LabelExpression.isIn('tier', ['web', 'api']),
        LabelExpression.isNotIn('env', ['dev']),
        LabelExpression.exists('team'),
        LabelExpression.doesNotExist('quarantine'),
      ],
    });
    expect(selector.isAll).toBe(false);
    expect(selector.toConfig()).toEqual({
      matchLabels: { app: 'shop' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
        { key: 'quarantine', operator: 'DoesNotExist' },
      ],
    });
  });

  test('accepts an empty label value, as Kubernetes does', () => {
    expect(LabelSelector.matchLabels({ canary: '' }).toConfig()).toEqual({ matchLabels: { canary: '' } });
  });

  test('is immutable: changing the input object later changes nothing', () => {
    const labels: { [key: string]: string } = { role: 'db' };
    const selector = LabelSelector.matchLabels(labels);
    labels.role = 'web';
    expect(selector.toConfig()).toEqual({ matchLabels: { role: 'db' } });
  });

  test('fails if no label or expression is given, pointing to all()', () => {
    expect(() => LabelSelector.of({})).toThrow(/at least one label or expression.*LabelSelector\.all\(\)/);
    expect(() => LabelSelector.matchLabels({})).toThrow(/LabelSelector\.all\(\)/);
  });

  test('fails if a label key is invalid', () => {
    expect(() => LabelSelector.matchLabels({ 'bad key': 'x' })).toThrow(/invalid label key "bad key" in matchLabels/);
    expect(() => LabelSelector.matchLabels({ ['a'.repeat(64)]: 'x' })).toThrow(/name part must be no more than 63 characters/);
    expect(() => LabelSelector.matchLabels({ 'Example.com/app': 'x' })).toThrow(/prefix part must be a lowercase RFC 1123 subdomain/);
    expect(() => LabelSelector.matchLabels({ 'a/b/c': 'x' })).toThrow(/at most one '\/'/);
  });

  test('fails if a label value is not a string (JavaScript callers)', () => {
    expect(() => LabelSelector.matchLabels({ version: 5 as any })).toThrow(/invalid value 5 for label "version" in matchLabels: label values are strings/);
    expect(() => LabelSelector.matchLabels({ version: null as any })).toThrow(/invalid value null for label "version"/);
  });

  test('fails if a label value is invalid', () => {
    expect(() => LabelSelector.matchLabels({ app: '-web' })).toThrow(/invalid value "-web" for label "app"/);
    expect(() => LabelSelector.matchLabels({ app: 'v'.repeat(64) })).toThrow(/no more than 63 characters/);
  });
});

describe('LabelExpression', () => {
  test('exposes key, operator and values', () => {
    const e = LabelExpression.isIn('tier', ['web']);
    expect([e.key, e.operator, e.values]).toEqual(['tier', LabelOperator.IN, ['web']]);
  });

  test('fails if In or NotIn has no values', () => {
    expect(() => LabelExpression.isIn('tier', [])).toThrow(/In on "tier" needs at least one value/);
    expect(() => LabelExpression.isNotIn('tier', [])).toThrow(/NotIn on "tier" needs at least one value.*exists\(\)\/doesNotExist\(\)/);
  });

  test('fails if a key or value is invalid', () => {
    expect(() => LabelExpression.exists('_bad')).toThrow(/invalid label key "_bad" in a Exists expression/);
    expect(() => LabelExpression.isIn('tier', ['ok', 'not ok'])).toThrow(/invalid value "not ok" for label "tier"/);
  });
});

describe('LabelSelector.ofPods', () => {
  test('takes the pod labels of a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    const db = new kplus.Deployment(chart, 'Db', { metadata: { namespace: 'shop' }, containers: [{ image: 'mysql', portNumber: 3306 }] });
    expect(LabelSelector.ofPods(db).toConfig()).toEqual({ matchLabels: { 'cdk8s.io/metadata.addr': expect.stringMatching(/^test-Db-/) } });
  });

  test('keeps the expressions of Pods.select, and Pods.all() selects everything', () => {
    const chart = Testing.chart();
    const web = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.notIn('env', ['dev'])] });
    expect(LabelSelector.ofPods(web).toConfig()).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }],
    });
    expect(LabelSelector.ofPods(kplus.Pods.all(chart, 'All')).isAll).toBe(true);
  });
});
