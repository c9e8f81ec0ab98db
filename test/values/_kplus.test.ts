import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { podSelectionOf } from '../../src/values/_kplus';

/** The selection as plain data, so expectations read like the YAML they become. */
function read(selector: kplus.IPodSelector) {
  const s = podSelectionOf(selector, 'test()');
  const plain = (sel: { matchLabels: ReadonlyMap<string, string>; matchExpressions: readonly object[] }) => ({
    matchLabels: Object.fromEntries(sel.matchLabels),
    matchExpressions: sel.matchExpressions,
  });
  return {
    path: s.path,
    isWorkload: s.isWorkload,
    pods: plain(s.pods),
    namespaceNames: s.namespaceNames,
    namespaceSelector: s.namespaceSelector ? plain(s.namespaceSelector) : undefined,
  };
}

const ADDRESS = 'cdk8s.io/metadata.addr';
const none = { matchLabels: {}, matchExpressions: [] };

// The contract with cdk8s-plus-28 (2.5.6). If one of these fails after a cdk8s-plus upgrade, the adapter in
// src/values/_kplus.ts must learn the new shape before anything else is changed.
describe('cdk8s-plus adapter (contract with cdk8s-plus-28)', () => {
  test('cdk8s-plus LabelSelector keeps its labels and expressions as fields (the shape the adapter reads)', () => {
    const selector = kplus.LabelSelector.of({ labels: { track: '' }, expressions: [kplus.LabelExpression.exists('team')] }) as any;
    expect(selector.labels).toEqual({ track: '' });
    expect(selector.expressions.map((e: any) => [e.key, e.operator, e.values])).toEqual([['team', 'Exists', undefined]]);
    // ...and why the adapter does not use _toKube(): it drops labels whose values are all "".
    expect(kplus.LabelSelector.of({ labels: { track: '' } })._toKube()).toEqual({ matchExpressions: undefined, matchLabels: undefined });
  });

  test('a Deployment: its address label, in its namespace', () => {
    const chart = Testing.chart();
    const api = new kplus.Deployment(chart, 'Api', { metadata: { namespace: 'shop' }, containers: [{ image: 'api' }] });
    expect(read(api)).toEqual({
      path: 'test/Api',
      isWorkload: true,
      pods: { matchLabels: { [ADDRESS]: api.matchLabels[ADDRESS] }, matchExpressions: [] },
      namespaceNames: ['shop'],
      namespaceSelector: undefined,
    });
  });

  test('a StatefulSet in a Chart with a namespace: the Chart\'s namespace is known when the peer is built', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'data' });
    const db = new kplus.StatefulSet(chart, 'Db', {
      containers: [{ image: 'pg' }],
      service: new kplus.Service(chart, 'DbService', { ports: [{ port: 5432 }] }),
    });
    expect(read(db)).toMatchObject({ isWorkload: true, namespaceNames: ['data'], pods: { matchLabels: { [ADDRESS]: expect.stringMatching(/^c-Db-/) } } });
  });

  test('a Deployment without a namespace: no namespace names, marked as a workload', () => {
    const chart = Testing.chart();
    const api = new kplus.Deployment(chart, 'Api', { containers: [{ image: 'api' }] });
    expect(read(api)).toMatchObject({ isWorkload: true, namespaceNames: undefined, namespaceSelector: undefined });
  });

  test('Pods.select with labels and every kind of expression, exactly', () => {
    const chart = Testing.chart();
    const pods = kplus.Pods.select(chart, 'Web', {
      labels: { app: 'web', track: '' },
      expressions: [
        kplus.LabelExpression.in('tier', ['a', 'b']),
        kplus.LabelExpression.notIn('env', ['dev']),
        kplus.LabelExpression.exists('team'),
        kplus.LabelExpression.doesNotExist('legacy'),
      ],
    });
    expect(read(pods)).toEqual({
      path: 'test/Web',
      isWorkload: false,
      pods: {
        matchLabels: { app: 'web', track: '' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'team', operator: 'Exists', values: [] },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      },
      namespaceNames: undefined,
      namespaceSelector: undefined,
    });
  });

  test('Pods.all selects everything; with Namespaces.all, every namespace', () => {
    const chart = Testing.chart();
    expect(read(kplus.Pods.all(chart, 'All'))).toMatchObject({ pods: none, namespaceNames: undefined, namespaceSelector: undefined });
    const everywhere = kplus.Pods.all(chart, 'Everywhere', { namespaces: kplus.Namespaces.all(chart, 'AllNs') });
    expect(read(everywhere)).toMatchObject({ pods: none, namespaceNames: undefined, namespaceSelector: none });
  });

  test('Namespaces.select by names, by labels, and by both', () => {
    const chart = Testing.chart();
    const byNames = kplus.Pods.all(chart, 'A', { namespaces: kplus.Namespaces.select(chart, 'N1', { names: ['a', 'b'] }) });
    expect(read(byNames)).toMatchObject({ namespaceNames: ['a', 'b'], namespaceSelector: none });
    const byLabels = kplus.Pods.all(chart, 'B', { namespaces: kplus.Namespaces.select(chart, 'N2', { labels: { team: '' } }) });
    expect(read(byLabels)).toMatchObject({ namespaceNames: undefined, namespaceSelector: { matchLabels: { team: '' }, matchExpressions: [] } });
    const both = kplus.Pods.all(chart, 'C', {
      namespaces: kplus.Namespaces.select(chart, 'N3', { names: ['a'], labels: { env: 'prod' }, expressions: [kplus.LabelExpression.exists('team')] }),
    });
    expect(read(both)).toMatchObject({
      namespaceNames: ['a'],
      namespaceSelector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'Exists', values: [] }] },
    });
  });

  test('label keys named like Object.prototype members are read as labels', () => {
    const chart = Testing.chart();
    const pods = kplus.Pods.select(chart, 'Odd', { labels: { toString: 'a', valueOf: '', hasOwnProperty: 'b' } });
    expect(read(pods).pods.matchLabels).toEqual({ toString: 'a', valueOf: '', hasOwnProperty: 'b' });
  });
});

/** A stand-in for a future cdk8s-plus whose LabelSelector hides its fields but still has _toKube() and isEmpty(). */
function opaque(kube: object, empty: boolean) {
  return { _toKube: () => kube, isEmpty: () => empty };
}

function fake(labelSelector: unknown, namespaces?: unknown): kplus.IPodSelector {
  return { node: { path: 'test/Fake' }, toPodSelectorConfig: () => ({ labelSelector, namespaces }) } as any;
}

describe('cdk8s-plus adapter (when the shape changes)', () => {
  test('falls back to _toKube() when it cannot have dropped labels', () => {
    expect(read(fake(opaque({ matchLabels: { app: 'web', track: '' } }, false))).pods).toEqual({ matchLabels: { app: 'web', track: '' }, matchExpressions: [] });
    expect(read(fake(opaque({}, true))).pods).toEqual(none);
  });

  test('fails if _toKube() rendered {} for a selector that is not empty (labels with "" values dropped)', () => {
    expect(() => read(fake(opaque({}, false)))).toThrow(/cannot read the pod selector of test\/Fake exactly: isEmpty\(\) says false but _toKube\(\) returned \{\}/);
  });

  test('fails if _toKube() rendered expressions only, since "" labels may have been dropped', () => {
    const kube = { matchExpressions: [{ key: 'team', operator: 'Exists' }] };
    expect(() => read(fake(opaque(kube, false)))).toThrow(/test\/Fake exactly: _toKube\(\) returned expressions only/);
  });

  test('fails if the selector is neither readable nor renderable, naming the construct and the way out', () => {
    expect(() => read(fake({ something: 'else' }))).toThrow(/cannot read the pod selector of test\/Fake exactly.*build the peer from a LabelSelector instead/);
    expect(() => read(fake(undefined))).toThrow(/expected a LabelSelector, got undefined/);
  });

  test('fails if the namespaces are not { names, labelSelector }', () => {
    const pods = kplus.LabelSelector.of({ labels: { app: 'web' } });
    expect(() => read(fake(pods, 'shop'))).toThrow(/cannot read the namespaces of test\/Fake exactly/);
    expect(() => read(fake(pods, { names: 'shop' }))).toThrow(/namespace names of test\/Fake exactly: expected a list of names/);
    expect(() => read(fake(pods, { labelSelector: opaque({}, false) }))).toThrow(/namespace selector of test\/Fake exactly/);
  });

  test('fails if given something that is not a pod selector', () => {
    expect(() => podSelectionOf({} as any, 'Peer.fromPodSelector()')).toThrow(/Peer\.fromPodSelector\(\) needs a cdk8s-plus pod selector/);
  });
});
