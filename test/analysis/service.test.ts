// Services as destinations: the Service port resolves to its targetPort on each selected pod, and each
// pod is judged on that pod port (issue 10, "Services are invisible").
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Reachability } from '../../src';
import '../../src/analysis/jest';

const pod = (name: string, labels: object, ports: object[] = []) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec: { containers: [{ name: 'c', image: 'x', ports }] },
});
const service = (name: string, spec: object) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec });
const allowWebOn = (port: number) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'api', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'api' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port }] }],
  },
});

function cluster(extra: object[] = []): Reachability {
  return Reachability.fromManifests([
    pod('web', { app: 'web' }),
    pod('other', { app: 'other' }),
    // Two generations of api: the new one listens on 9090 under the same port name.
    pod('api-a', { app: 'api', track: 'stable' }, [{ name: 'http', containerPort: 8080 }]),
    pod('api-b', { app: 'api', track: 'canary' }, [{ name: 'http', containerPort: 9090 }]),
    service('api', { selector: { app: 'api' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }, { name: 'admin', port: 81, targetPort: 8080 }] }),
    service('stable', { selector: { app: 'api', track: 'stable' }, ports: [{ port: 8080 }] }),
    service('dns', { selector: { app: 'api' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 }] }),
    service('manual', { ports: [{ port: 80 }] }),
    service('nobody', { selector: { app: 'nobody' }, ports: [{ port: 80 }] }),
    service('alias', { type: 'ExternalName', externalName: 'db.example.com' }),
    allowWebOn(8080),
    ...extra,
  ]);
}

describe('Reachability.checkService', () => {
  test('resolves a named targetPort per pod and answers for each pod (PARTIAL when they differ)', () => {
    const v = cluster().checkService('shop/web', 'svc/shop/api:80');
    expect(v.allowed).toBe(false);
    expect(v.targetPort).toBe('http');
    expect(v.backends.map((b) => [b.pod, b.podPort, b.allowed])).toEqual([['shop/api-a', 8080, true], ['shop/api-b', 9090, false]]);
    expect(v.allowedPods).toEqual(['shop/api-a']);
    expect(v.deniedPods).toEqual(['shop/api-b']);
    expect(v.explanation.split('\n').slice(0, 2)).toEqual([
      'PARTIAL shop/web -> svc/shop/api:80/TCP (web): 1 of 2 pods allow it (shop/api-a); denied by shop/api-b',
      '  NetworkPolicies act on pod ports, not Service ports: Service port 80/TCP goes to targetPort http, resolved per pod: shop/api-a 8080/TCP, shop/api-b 9090/TCP',
    ]);
    // Each pod's verdict is the pod check on the pod port.
    expect(v.backends[1].verdict).toEqual(cluster().check('shop/web', 'shop/api-b', { port: 9090 }));
  });

  test('is allowed only when every selected pod allows it; a port name or number selects the Service port', () => {
    const r = cluster([allowWebOn(9090), { ...allowWebOn(8080), metadata: { name: 'api-8080', namespace: 'shop' } }]);
    const byName = r.checkService('shop/web', 'svc/shop/api:web');
    expect(byName.allowed).toBe(true);
    expect(byName.explanation).toMatch(/^ALLOW shop\/web -> svc\/shop\/api:80\/TCP \(web\): all 2 pods allow it \(shop\/api-a, shop\/api-b\)\n/);
    expect(r.checkService('shop/web', 'shop/api', { port: 80 }).allowed).toBe(true);
    // Port 81 goes to 8080 on both: api-b does not listen there, but policies allow it, which is what is judged.
    expect(r.checkService('shop/web', 'svc/shop/api:81').backends.map((b) => b.podPort)).toEqual([8080, 8080]);
  });

  test('DENY when no pod allows it; the only port is used when none is named', () => {
    const v = cluster().checkService('shop/other', 'svc/shop/stable');
    expect(v.allowed).toBe(false);
    expect(v.allowedPods).toEqual([]);
    expect(v.explanation).toMatch(/^DENY shop\/other -> svc\/shop\/stable:8080\/TCP: no pod allows it \(denied by shop\/api-a\)\n/);
    expect(v.explanation).toMatch(/targetPort 8080\/TCP/);
  });

  test('picks the protocol when one port number serves two', () => {
    const r = cluster();
    expect(r.checkService('shop/web', 'svc/shop/dns:53/UDP').servicePortName).toBe('dns');
    expect(r.checkService('shop/web', 'svc/shop/dns:dns-tcp').protocol).toBe('TCP');
    expect(() => r.checkService('shop/web', 'svc/shop/dns:53')).toThrow(/Service shop\/dns has port 53 for several protocols: write svc\/shop\/dns:53\/TCP/);
  });

  test('a pod without the named container port gets no traffic from the Service', () => {
    const r = cluster([pod('api-c', { app: 'api' })]);
    const v = r.checkService('shop/web', 'svc/shop/api:web');
    expect(v.podsWithoutPort).toEqual(['shop/api-c']);
    expect(v.backends.find((b) => b.pod === 'shop/api-c')).toEqual({
      pod: 'shop/api-c', allowed: false, reason: 'shop/api-c has no TCP container port named http, so the Service sends it no traffic',
    });
  });

  test('fails if the Service is unknown, and suggests the close ones', () => {
    expect(() => cluster().checkService('shop/web', 'svc/shop/apii:80')).toThrow(/^unknown Service "svc\/shop\/apii:80": no Service shop\/apii in the manifests \(did you mean svc\/shop\/api\?\)$/);
    expect(() => cluster().checkService('shop/web', 'svc/shop/web')).toThrow(/shop\/web is a pod, not a Service: name it without svc\//);
    expect(() => Reachability.fromManifests([pod('web', {})]).checkService('shop/web', 'svc/shop/api')).toThrow(/the manifests have no Services/);
  });

  test('fails if the Service port is unknown, listing the ports', () => {
    expect(() => cluster().checkService('shop/web', 'svc/shop/api:8080')).toThrow(
      'unknown Service port: Service shop/api has no port 8080 (ports: 80/TCP (web) -> targetPort http, 81/TCP (admin) -> targetPort 8080); '
      + 'the port is the Service\'s port, not the pod\'s; 8080 is a pod port: the Service port that leads to it is svc/shop/api:web, svc/shop/api:admin');
    expect(() => cluster().checkService('shop/web', 'svc/shop/api:dns')).toThrow(/^unknown Service port: Service shop\/api has no port named dns \(ports: /);
    expect(() => cluster().checkService('shop/web', 'svc/shop/api')).toThrow(/Service shop\/api has 2 ports: name one, e.g. svc\/shop\/api:web/);
    expect(() => cluster().checkService('shop/web', 'svc/shop/api:80', { port: 80 })).toThrow(/the Service port is given twice/);
  });

  test('fails if the Service has no selector, is an ExternalName, or selects no pods', () => {
    const r = cluster();
    expect(() => r.checkService('shop/web', 'svc/shop/manual')).toThrow(/Service shop\/manual has no selector: its endpoints are managed by hand/);
    expect(() => r.checkService('shop/web', 'svc/shop/alias')).toThrow(/Service shop\/alias is an ExternalName Service \(db\.example\.com\)/);
    expect(() => r.checkService('shop/web', 'svc/shop/nobody')).toThrow(/Service shop\/nobody selects no pods: its selector \{app=nobody\} matches no pod of namespace shop \(pods there: shop\/api-a/);
  });

  test('fails if the Service port exists for another protocol only, and says so (not that it is a pod port)', () => {
    expect(() => cluster().checkService('shop/web', 'svc/shop/api:80/UDP')).toThrow(/^unknown Service port: Service shop\/api has port 80 only for TCP, not UDP \(ports: /);
    expect(() => cluster().checkService('shop/web', 'svc/shop/api:web/SCTP')).toThrow(/^unknown Service port: Service shop\/api has port named web only for TCP, not SCTP \(ports: /);
  });

  test('fails on an empty selector ({}), which Kubernetes gives no endpoints', () => {
    const r = cluster([service('everyone', { selector: {}, ports: [{ port: 80 }] })]);
    expect(() => r.checkService('shop/web', 'svc/shop/everyone')).toThrow(/Service shop\/everyone has an empty selector \(spec\.selector: \{\}\): Kubernetes manages no endpoints for it/);
  });

  test('a finished pod is no backend, and the Reachability warns that it is left out', () => {
    const done = { ...pod('api-old', { app: 'api' }, [{ name: 'http', containerPort: 8080 }]), status: { phase: 'Succeeded' } };
    const r = cluster([done]);
    expect(r.checkService('shop/web', 'svc/shop/api:web').backends.map((b) => b.pod)).toEqual(['shop/api-a', 'shop/api-b']);
    expect(r.warnings).toEqual([expect.stringMatching(/^1 pod has finished .*\(shop\/api-old\)$/)]);
  });

  test('fails if a Service is the source, or is given to check()', () => {
    const r = cluster();
    expect(() => r.checkService('svc/shop/api', 'svc/shop/stable')).toThrow(/the source svc\/shop\/api is a Service: traffic leaves from pods/);
    expect(() => r.check('shop/web', 'svc/shop/api', { port: 80 })).toThrow(/svc\/shop\/api is a Service, which policies never see: ask checkService\(\)/);
  });

  test('lists the Services; a Knative Service (serving.knative.dev) is not one', () => {
    const knative = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'kn', namespace: 'shop' }, spec: {} };
    expect(cluster([knative]).services).toEqual(['shop/alias', 'shop/api', 'shop/dns', 'shop/manual', 'shop/nobody', 'shop/stable']);
  });
});

describe('Services in the jest matchers', () => {
  function chart() {
    const c = Testing.chart();
    const api = new kplus.Deployment(c, 'api', { containers: [{ image: 'api', portNumber: 8080 }] });
    const web = new kplus.Deployment(c, 'web', { containers: [{ image: 'web' }] });
    const svc = api.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    return { c, api, web, svc };
  }

  test('nameOf(service) is svc/namespace/name, and workloads keep namespace/name', () => {
    const { svc, api } = chart();
    expect(Reachability.nameOf(svc)).toMatch(/^svc\/default\/.+/);
    expect(Reachability.nameOf(api)).toMatch(/^default\/[^/]+$/);
  });

  test('toAllowTraffic to a Service checks every pod it selects on the targetPort', () => {
    const { c, web, svc } = chart();
    expect(c).toAllowTraffic({ from: web, to: svc, port: 80 });
    expect(() => expect(c).toDenyTraffic({ from: web, to: svc, port: 80 })).toThrow(/to be denied, but it is allowed[\s\S]*targetPort 8080\/TCP/);
  });
});
