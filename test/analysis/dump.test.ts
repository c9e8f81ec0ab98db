// A cluster dump holds workloads and the pods they own: each set of pods counts once.
import * as fs from 'fs';
import * as path from 'path';
import { Reachability } from '../../src';

const template = (app: string) => ({ template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
const owned = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: `${name}-uid`, controller: true }];

function dump(): any[] {
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: template('web') },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-6d4f', namespace: 'shop', ownerReferences: owned('Deployment', 'web') }, spec: template('web') },
    // An old ReplicaSet scaled to zero: it owns no pods, and its Deployment's pods stand for it.
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5c9a', namespace: 'shop', ownerReferences: owned('Deployment', 'web') }, spec: template('web') },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-6d4f-a', namespace: 'shop', labels: { 'app': 'web', 'pod-template-hash': '6d4f' }, ownerReferences: owned('ReplicaSet', 'web-6d4f') } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-6d4f-b', namespace: 'shop', labels: { 'app': 'web', 'pod-template-hash': '6d4f' }, ownerReferences: owned('ReplicaSet', 'web-6d4f') } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'shop' }, spec: { jobTemplate: { spec: template('report') } } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'report-1', namespace: 'shop', ownerReferences: owned('CronJob', 'report') }, spec: template('report') },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'report-1-x', namespace: 'shop', labels: { app: 'report' }, ownerReferences: owned('Job', 'report-1') } },
    // Same names in another namespace are other objects: this Deployment has no pods in the dump.
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'staging' }, spec: template('web') },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' }, spec: template('db') },
  ];
}

describe('a cluster dump', () => {
  test('counts each pod once: workloads whose pods are in the input are represented by them', () => {
    expect(Reachability.fromManifests(dump()).endpoints).toEqual([
      'shop/db',
      'shop/report-1-x',
      'shop/web-6d4f-a',
      'shop/web-6d4f-b',
      'staging/web',
    ]);
  });

  test('fails if a workload owned by another one of the input counts on its own (the owner stands for it)', () => {
    const withoutPods = dump().filter((o) => o.kind !== 'Pod');
    expect(Reachability.fromManifests(withoutPods).endpoints).toEqual(['shop/db', 'shop/report', 'shop/web', 'staging/web']);
  });

  test('gives the same answers as the same objects written minimally', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
    };
    const r = Reachability.fromManifests([...dump(), policy]);
    expect(r.check('shop/web-6d4f-a', 'shop/db', { port: 5432 }).allowed).toBe(true);
    expect(r.check('shop/report-1-x', 'shop/db', { port: 5432 }).allowed).toBe(false);
  });
});

describe('the kubectl dump fixture (test/fixtures/cli/dump)', () => {
  const read = (file: string) => Reachability.fromYaml(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'cli', 'dump', file), 'utf-8'));
  const cluster = read('repo/cluster.yaml');
  const minimal = read('minimal.yaml');

  test('has the pods of its minimal twin and nothing more, and the same Services', () => {
    expect(cluster.endpoints).toHaveLength(10);
    expect(cluster.endpoints).toEqual(minimal.endpoints);
    expect(cluster.services).toEqual(['monitoring/prometheus', 'shop/api', 'shop/db', 'shop/web']);
    expect(cluster.services).toEqual(minimal.services);
  });

  test('gives the same matrix and the same Service answers as its minimal twin', () => {
    expect(cluster.matrix().toJson()).toEqual(minimal.matrix().toJson());
    for (const service of ['svc/shop/web:http', 'svc/shop/api:http', 'svc/shop/api:metrics', 'svc/shop/db:mysql', 'svc/monitoring/prometheus:web']) {
      for (const source of cluster.endpoints) {
        expect(cluster.checkService(source, service)).toEqual(minimal.checkService(source, service));
      }
    }
  });
});
