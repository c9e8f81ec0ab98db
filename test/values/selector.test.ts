import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AllowFrom, LabelExpression, LabelOperator, LabelSelector, NetworkPolicy, Peer } from '../../src';
import { onlyPolicy } from '../_support/helpers';

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

  test('is immutable: changing what toConfig() returns changes nothing', () => {
    const selector = LabelSelector.of({ labels: { role: 'db' }, expressions: [LabelExpression.isIn('tier', ['a'])] });
    const config = selector.toConfig() as any;
    config.matchLabels.role = 'web';
    config.matchLabels.extra = 'x';
    config.matchExpressions[0].values.push('b');
    config.matchExpressions.push({ key: 'z', operator: 'Exists' });
    expect(selector.toConfig()).toEqual({ matchLabels: { role: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] });
  });

  test('is immutable: changing the expressions array given to of() later changes nothing', () => {
    const expressions = [LabelExpression.exists('team')];
    const selector = LabelSelector.of({ expressions });
    expressions.push(LabelExpression.exists('other'));
    expect(selector.toConfig()).toEqual({ matchExpressions: [{ key: 'team', operator: 'Exists' }] });
  });

  test.each(['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])('treats the key %s as a label like any other', (key) => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'P', { podSelector: LabelSelector.matchLabels({ [key]: 'x' }), ingress: [AllowFrom(Peer.pods(LabelSelector.matchLabels({ [key]: '' })))] });
    const spec = onlyPolicy(chart).spec;
    expect(spec.podSelector).toEqual({ matchLabels: { [key]: 'x' } });
    expect(spec.ingress[0].from[0].podSelector.matchLabels).toEqual({ [key]: '' });
  });

  test('fails if a matchLabels key is "constructor", which cdk8s cannot synthesize, pointing to the equivalent expression', () => {
    expect(() => LabelSelector.matchLabels({ constructor: 'x' })).toThrow(
      /label key "constructor" in matchLabels is valid in Kubernetes but cdk8s cannot synthesize.*LabelExpression\.isIn\('constructor', \["x"\]\)/,
    );
  });

  test('selects "constructor" with an expression, which cdk8s can write', () => {
    const chart = Testing.chart();
    new NetworkPolicy(chart, 'P', { podSelector: LabelSelector.of({ expressions: [LabelExpression.isIn('constructor', ['x'])] }), ingress: [AllowFrom(Peer.anything())] });
    expect(onlyPolicy(chart).spec.podSelector).toEqual({ matchExpressions: [{ key: 'constructor', operator: 'In', values: ['x'] }] });
  });

  test('fails if a label key is __proto__ (a name cannot start with "_")', () => {
    expect(() => LabelSelector.matchLabels(JSON.parse('{"__proto__": "x"}'))).toThrow(/invalid label key "__proto__" in matchLabels: name part must consist of alphanumeric/);
  });

  test('fails if labels is not a plain object (JavaScript callers)', () => {
    expect(() => LabelSelector.matchLabels(new Map([['app', 'web']]) as any)).toThrow(/labels must be a plain object.*got a Map/);
    expect(() => LabelSelector.matchLabels('app=web' as any)).toThrow(/labels must be a plain object/);
  });

  test('fails if an expression is not a LabelExpression (JavaScript callers)', () => {
    expect(() => LabelSelector.of({ expressions: [kplus.LabelExpression.exists('team') as any] })).toThrow(/expression 0 of a label selector is not a LabelExpression/);
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

  test('is immutable: values is a copy, and so are the values of toConfig()', () => {
    const given = ['web'];
    const e = LabelExpression.isIn('tier', given);
    given.push('db');
    e.values.push('api');
    (e.toConfig().values as string[]).push('x');
    expect(e.values).toEqual(['web']);
    expect(e.toConfig()).toEqual({ key: 'tier', operator: 'In', values: ['web'] });
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

describe('LabelSelector.fromPodSelector', () => {
  test('takes the pod labels of a cdk8s-plus workload', () => {
    const chart = Testing.chart();
    const db = new kplus.Deployment(chart, 'Db', { metadata: { namespace: 'shop' }, containers: [{ image: 'mysql', portNumber: 3306 }] });
    expect(LabelSelector.fromPodSelector(db).toConfig()).toEqual({ matchLabels: { 'cdk8s.io/metadata.addr': expect.stringMatching(/^test-Db-/) } });
  });

  test('keeps the expressions of Pods.select, and Pods.all() selects everything', () => {
    const chart = Testing.chart();
    const web = kplus.Pods.select(chart, 'Web', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.notIn('env', ['dev'])] });
    expect(LabelSelector.fromPodSelector(web).toConfig()).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }],
    });
    expect(LabelSelector.fromPodSelector(kplus.Pods.all(chart, 'All')).isAll).toBe(true);
  });

  test('keeps an empty label value: track: "" selects only pods whose track is ""', () => {
    const chart = Testing.chart();
    const canary = kplus.Pods.select(chart, 'Canary', { labels: { track: '' } });
    const selector = LabelSelector.fromPodSelector(canary);
    expect(selector.isAll).toBe(false);
    expect(selector.toConfig()).toEqual({ matchLabels: { track: '' } });
  });

  test('ofPods() is the same conversion (deprecated name)', () => {
    const chart = Testing.chart();
    const web = kplus.Pods.select(chart, 'Web', { labels: { app: 'web', track: '' }, expressions: [kplus.LabelExpression.exists('team')] });
    expect(LabelSelector.ofPods(web).toConfig()).toEqual(LabelSelector.fromPodSelector(web).toConfig());
  });

  test('fails if a cdk8s-plus label is invalid, naming the construct', () => {
    const chart = Testing.chart();
    expect(() => LabelSelector.fromPodSelector(kplus.Pods.select(chart, 'Bad', { labels: { 'bad key': 'x' } })))
      .toThrow(/invalid label key "bad key" in the pod selector of test\/Bad/);
    expect(() => LabelSelector.fromPodSelector(kplus.Pods.select(chart, 'Ctor', { labels: { constructor: 'x' } })))
      .toThrow(/label key "constructor" in the pod selector of test\/Ctor is valid in Kubernetes but cdk8s cannot synthesize/);
  });

  test('fails if an expression has an operator Kubernetes does not know, or values it rejects', () => {
    const chart = Testing.chart();
    const odd = kplus.Pods.select(chart, 'Odd', { expressions: [new (kplus.LabelExpression as any)('tier', 'Gt', ['1'])] });
    expect(() => LabelSelector.fromPodSelector(odd)).toThrow(/unsupported label operator "Gt" on "tier" in the pod selector of test\/Odd: use In, NotIn, Exists or DoesNotExist/);
    const exists = kplus.Pods.select(chart, 'Exists', { expressions: [new (kplus.LabelExpression as any)('team', 'Exists', ['a'])] });
    expect(() => LabelSelector.fromPodSelector(exists)).toThrow(/Exists on "team" in the pod selector of test\/Exists has values \(a\), which Kubernetes rejects/);
  });
});
