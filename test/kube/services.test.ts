// Services and pod owners in the decoded snapshot: what `checkService()` and `--group workload` read.
import { Snapshot, snapshotWarnings } from '../../src/kube/snapshot';
import { decodeManifests } from '../../src/validation/decode';

function decode(...manifests: unknown[]): Snapshot {
  return decodeManifests(manifests.map((manifest, i) => ({ manifest, where: `m${i + 1}` })));
}

describe('Services in the snapshot', () => {
  test('decodes name, namespace, type, selector and ports (targetPort a number or a name, defaulting to port; protocol TCP)', () => {
    const s = decode({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        type: 'NodePort',
        selector: { app: 'api' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }, { port: 53, protocol: 'UDP' }, { name: 'admin', port: 81, targetPort: 8081, nodePort: 30081 }],
      },
    });
    expect(s.services).toHaveLength(1);
    const svc = s.services[0];
    expect({ ...svc, selector: { ...svc.selector } }).toEqual({
      input: 0,
      where: 'm1',
      namespace: 'shop',
      name: 'api',
      type: 'NodePort',
      selector: { app: 'api' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        { port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'admin', port: 81, protocol: 'TCP', targetPort: 8081 },
      ],
    });
    expect(Object.isFrozen(svc)).toBe(true);
  });

  test('a Service without selector, or with an empty one, has no selector; default namespace and ClusterIP', () => {
    const s = decode(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 5432 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'shop' }, spec: { selector: {} } },
      { kind: 'Service', metadata: { name: 'alias', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    );
    expect(s.services.map((x) => [x.namespace, x.name, x.type, x.selector, x.externalName])).toEqual([
      ['default', 'manual', 'ClusterIP', undefined, undefined],
      ['shop', 'empty', 'ClusterIP', undefined, undefined],
      ['shop', 'alias', 'ExternalName', undefined, 'db.example.com'],
    ]);
  });

  test('an empty selector ({}) is told apart from none, since messages name it', () => {
    const s = decode(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 5432 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty' }, spec: { selector: {} } },
    );
    expect(s.services.map((x) => [x.name, x.selector, x.emptySelector])).toEqual([['manual', undefined, undefined], ['empty', undefined, true]]);
  });

  test('fails if a Knative Service or a Service inside a List is misread', () => {
    const s = decode(
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'kn', namespace: 'shop' }, spec: { template: {} } },
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'listed', namespace: 'shop' }, spec: { selector: { app: 'x' } } }] },
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop' } },
    );
    expect(s.services.map((x) => `${x.name} ${x.where}`)).toEqual(['listed m2.items[0]']);
    expect(s.broken).toEqual([{ where: 'm3', message: 'a Service without metadata.name' }]);
  });
});

describe('the workload of each pod', () => {
  const ref = (kind: string, name: string, controller = true) => ({ apiVersion: 'apps/v1', kind, name, uid: name, controller });
  const pod = (name: string, ...owners: object[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', ownerReferences: owners } });
  const workload = (kind: string, name: string, ...owners: object[]) => ({ apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'shop', ownerReferences: owners }, spec: { template: {} } });

  test('is the top of the controller chain the input holds: Pod -> ReplicaSet -> Deployment, Job -> CronJob', () => {
    const s = decode(
      workload('Deployment', 'web'),
      workload('ReplicaSet', 'web-6d4f', ref('Deployment', 'web')),
      pod('web-6d4f-a', ref('ReplicaSet', 'web-6d4f')),
      workload('CronJob', 'report'),
      workload('Job', 'report-1', ref('CronJob', 'report')),
      pod('report-1-x', ref('Job', 'report-1')),
      // Its ReplicaSet is not in the input: the pod's own controller names its workload.
      pod('cache-9f-1', ref('ReplicaSet', 'cache-9f')),
      // The controller reference counts, not the first one.
      pod('db-0', ref('ConfigMap', 'x', false), ref('StatefulSet', 'db')),
      pod('bare'),
    );
    expect(s.workloads.map((w) => [w.name, w.workload])).toEqual([
      ['web-6d4f-a', 'Deployment/web'],
      ['report-1-x', 'CronJob/report'],
      ['cache-9f-1', 'ReplicaSet/cache-9f'],
      ['db-0', 'StatefulSet/db'],
      ['bare', undefined],
    ]);
  });

  test('a pod whose ReplicaSet the input lacks belongs to the Deployment named in the ReplicaSet name (<deployment>-<pod-template-hash>)', () => {
    const hashed = (name: string, hash: string, rs: string) => {
      const p = pod(name, ref('ReplicaSet', rs));
      return { ...p, metadata: { ...p.metadata, labels: { 'app': 'web', 'pod-template-hash': hash } } };
    };
    const s = decode(
      workload('Deployment', 'web'),
      hashed('web-6d4f-a', '6d4f', 'web-6d4f'),
      // Not this Deployment's naming: the pod keeps its ReplicaSet, and no Deployment is adopted.
      hashed('web-x-b', '77aa', 'web-x-77ab'),
      hashed('other-77aa-c', '77aa', 'other-77aa'),
    );
    expect(s.workloads.map((w) => [w.name, w.workload])).toEqual([
      ['web-6d4f-a', 'Deployment/web'],
      ['web-x-b', 'ReplicaSet/web-x-77ab'],
      ['other-77aa-c', 'ReplicaSet/other-77aa'],
    ]);
  });

  test('fails if a cycle of owners hangs the decoder', () => {
    const s = decode(workload('ReplicaSet', 'a', ref('ReplicaSet', 'b')), workload('ReplicaSet', 'b', ref('ReplicaSet', 'a')), pod('p', ref('ReplicaSet', 'a')));
    expect(s.workloads.map((w) => w.name)).toEqual(['p']);
    expect(['ReplicaSet/a', 'ReplicaSet/b']).toContain(s.workloads[0].workload);
  });
});

describe('pods of a live cluster', () => {
  const pod = (name: string, status: object, spec: object = {}) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }], ...spec }, status,
  });

  test('a finished pod (Succeeded, Failed) is left out and listed; Pending, Running and status-less pods stay', () => {
    const s = decode(
      pod('running', { phase: 'Running', podIP: '10.0.0.1' }),
      pod('pending', { phase: 'Pending' }),
      pod('done', { phase: 'Succeeded', podIP: '10.0.0.2' }),
      pod('evicted', { phase: 'Failed', reason: 'Evicted' }),
      pod('written', {}),
    );
    expect(s.workloads.map((w) => w.name)).toEqual(['running', 'pending', 'written']);
    expect(s.finished.map((w) => w.name)).toEqual(['done', 'evicted']);
    expect(snapshotWarnings(s)).toEqual([expect.stringMatching(/^2 pods have finished \(status\.phase Succeeded or Failed\) and are left out: .*\(shop\/done, shop\/evicted\)$/)]);
  });

  test('a workload whose pods have all finished stands for its pods again (a CronJob, as if written alone)', () => {
    const s = decode(
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: 'n' } }, spec: { containers: [{ name: 'c' }] } } } } } },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'nightly-1', namespace: 'shop', ownerReferences: [{ kind: 'CronJob', name: 'nightly', controller: true }] },
        spec: { template: { metadata: { labels: { app: 'n' } }, spec: { containers: [{ name: 'c' }] } } },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'nightly-1-x', namespace: 'shop', labels: { app: 'n' }, ownerReferences: [{ kind: 'Job', name: 'nightly-1', controller: true }] },
        spec: { containers: [{ name: 'c' }] },
        status: { phase: 'Succeeded' },
      },
    );
    expect(s.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['CronJob/nightly']);
  });

  test('host-network pods and workloads are marked and warned about', () => {
    const s = decode(
      pod('host', { phase: 'Running', podIP: '192.168.0.5' }, { hostNetwork: true }),
      pod('plain', { phase: 'Running', podIP: '10.0.0.1' }, { hostNetwork: false }),
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: 'kube-system' },
        spec: { template: { metadata: { labels: { app: 'agent' } }, spec: { hostNetwork: true, containers: [{ name: 'c' }] } } },
      },
    );
    expect(s.workloads.map((w) => [w.name, w.hostNetwork])).toEqual([['host', true], ['plain', undefined], ['agent', true]]);
    expect(snapshotWarnings(s)).toEqual([expect.stringMatching(/^2 pods use the node's network \(spec\.hostNetwork: true\): .*\(shop\/host, kube-system\/agent\)$/)]);
  });
});

describe('objects the API server refuses', () => {
  test('a namespace that is not a string (`namespace: y` read as true) is broken, not moved to default', () => {
    const s = decode(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: true } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 7 }, spec: { selector: { app: 'w' } } },
    );
    expect(s.workloads).toEqual([]);
    expect(s.services).toEqual([]);
    expect(s.broken).toEqual([
      { where: 'm1', message: 'a Pod whose metadata.namespace is true, not a string: quote it in YAML', unreadable: true },
      { where: 'm2', message: 'a Service whose metadata.namespace is 7, not a string: quote it in YAML', unreadable: true },
    ]);
  });
});
