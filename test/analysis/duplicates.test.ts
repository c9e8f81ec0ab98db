import { Reachability } from '../../src';
import { loadModel } from '../../src/analysis/engine/model';

const pod = (name: string, app: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels: { app } } });
const pods = [pod('web', 'web'), pod('api', 'api'), pod('db', 'db')];

/** `shop/allow`: db accepts connections from `app` only. */
function allowTo(app: string, metadata: object = { name: 'allow' }): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace: 'shop', ...metadata },
    spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app } } }], ports: [{ port: 5432 }] }] },
  };
}

function allowed(r: Reachability, source: string): boolean {
  return r.check(`shop/${source}`, 'shop/db', { port: 5432 }).allowed;
}

describe('Reachability with same-named policies', () => {
  test('fails if two policies shop/allow are unioned: only the last one counts', () => {
    const r = Reachability.fromManifests([...pods, allowTo('web'), allowTo('api')]);
    expect(allowed(r, 'web')).toBe(false);
    expect(allowed(r, 'api')).toBe(true);
    expect(r.policies).toEqual(['shop/allow']);
  });

  test('the order decides: the policy applied last counts', () => {
    const r = Reachability.fromManifests([...pods, allowTo('api'), allowTo('web')]);
    expect(allowed(r, 'web')).toBe(true);
    expect(allowed(r, 'api')).toBe(false);
  });

  test('warns, naming both objects and the one that counts', () => {
    const r = Reachability.fromManifests([...pods, allowTo('web'), allowTo('api')]);
    expect(r.warnings).toEqual([
      'manifests[3] and manifests[4] are both NetworkPolicy "shop/allow": a cluster holds one object per namespace and name, so only the one applied last (manifests[4]) is analysed; give each its own metadata.name',
    ]);
  });

  test('the verdict names only the policy that counts', () => {
    const verdict = Reachability.fromManifests([...pods, allowTo('web'), allowTo('api')]).check('shop/web', 'shop/db', { port: 5432 });
    expect(verdict.allowed).toBe(false);
    expect(verdict.ingress.isolatingPolicies).toEqual(['shop/allow']);
    expect(verdict.ingress.matchedRules).toEqual([]);
  });

  test('reads YAML documents the same way', () => {
    const yaml = [...pods, allowTo('web'), allowTo('api')].map((o) => JSON.stringify(o)).join('\n---\n');
    const r = Reachability.fromYaml(yaml);
    expect([allowed(r, 'web'), allowed(r, 'api')]).toEqual([false, true]);
    expect(r.warnings).toHaveLength(1);
  });

  test('of three copies, the last counts, and every warning names it', () => {
    const r = Reachability.fromManifests([...pods, allowTo('web'), allowTo('api'), allowTo('db')]);
    expect([allowed(r, 'web'), allowed(r, 'api')]).toEqual([false, false]);
    expect(r.warnings).toEqual([
      expect.stringMatching(/^manifests\[3\] and manifests\[5\] are both NetworkPolicy "shop\/allow": .* \(manifests\[5\]\) is analysed/),
      expect.stringMatching(/^manifests\[4\] and manifests\[5\] are both NetworkPolicy "shop\/allow": .* \(manifests\[5\]\) is analysed/),
    ]);
  });

  test('a policy without a namespace replaces one of the same name in default', () => {
    const inDefault = (app: string, namespace?: string) => ({ ...allowTo(app), metadata: { name: 'allow', ...(namespace ? { namespace } : {}) } });
    const defaultPods = ['web', 'api', 'db'].map((n) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n, labels: { app: n } } }));
    const r = Reachability.fromManifests([...defaultPods, inDefault('web', 'default'), inDefault('api')]);
    expect(r.check('default/web', 'default/db', { port: 5432 }).allowed).toBe(false);
    expect(r.check('default/api', 'default/db', { port: 5432 }).allowed).toBe(true);
    expect(r.warnings).toHaveLength(1);
  });

  test('fails if policies with the same name in different namespaces replace one another', () => {
    const other = { ...allowTo('api'), metadata: { name: 'allow', namespace: 'billing' } };
    const r = Reachability.fromManifests([...pods, allowTo('web'), other]);
    expect(allowed(r, 'web')).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  test('fails if policies with only the same generateName replace one another: each is its own object', () => {
    const r = Reachability.fromManifests([...pods, allowTo('web', { generateName: 'allow-' }), allowTo('api', { generateName: 'allow-' })]);
    expect([allowed(r, 'web'), allowed(r, 'api')]).toEqual([true, true]);
    expect(r.warnings).toEqual([]);
  });
});

describe('loadModel', () => {
  test('keeps the last of two same-named policies and names both locations', () => {
    const model = loadModel([...pods, allowTo('web'), allowTo('api')], { locations: ['pods.yaml:1', 'pods.yaml:2', 'pods.yaml:3', 'a.yaml:1', 'b.yaml:1'] });
    expect(model.policies.map((p) => p.ingress[0].peers![0].podSelector!.matchLabels)).toEqual([[['app', 'api']]]);
    expect(model.warnings).toEqual([
      'a.yaml:1 and b.yaml:1 are both NetworkPolicy "shop/allow": a cluster holds one object per namespace and name, so only the one applied last (b.yaml:1) is analysed; give each its own metadata.name',
    ]);
  });

  test('has no warnings when every policy has its own name', () => {
    expect(loadModel([...pods, allowTo('web', { name: 'a' }), allowTo('api', { name: 'b' })]).warnings).toEqual([]);
  });
});
