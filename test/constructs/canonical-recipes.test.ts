import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import '../../src/analysis/jest';
import { examplesApp } from '../../examples/app';
import { CANONICAL_RECIPES, canonicalRecipes } from '../../examples/canonical-recipes';
import { Guardrails, PodDefinition, Protocol, Reachability } from '../../src';
import { fixture, policies } from '../_support/helpers';

/** The recipes the issue lists, by the names it gives them. */
const NAMES = [
  'web-deny-all', 'api-allow', 'web-allow-all', 'default-deny-all', 'deny-from-other-namespaces', 'web-allow-all-namespaces',
  'web-allow-prod', 'web-allow-all-ns-monitoring', 'web-allow-external', 'web-allow-external-port-80', 'api-allow-5000',
  'api-allow-named-port', 'redis-allow-services', 'foo-deny-egress', 'default-deny-egress', 'deny-external-egress',
  'default-allow-ingress', 'default-allow-egress', 'default-deny-ingress-egress', 'allow-port-range',
];

const stated = fixture('canonical-recipes.yaml');
const statedByName = new Map(stated.map((p) => [p.metadata.name as string, p]));

/** A chart in namespace default with these recipes only. */
function chartWith(...names: string[]): Chart {
  const chart = new Chart(Testing.app(), 'recipes', { namespace: 'default' });
  for (const name of names) CANONICAL_RECIPES[name](chart);
  return chart;
}

/** Namespaces with the labels the recipes select on; the others only carry kubernetes.io/metadata.name. */
const NAMESPACES = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { purpose: 'production' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { team: 'operations' } } },
];

const PODS: PodDefinition[] = [
  { name: 'web', labels: { app: 'web' } },
  { name: 'other', labels: { app: 'other' } },
  { name: 'foo', labels: { app: 'foo' } },
  { name: 'db', labels: { role: 'db' } },
  { name: 'bookstore', labels: { app: 'bookstore' } },
  { name: 'bookstore-api', labels: { app: 'bookstore', role: 'api' } },
  { name: 'bookstore-search', labels: { app: 'bookstore', role: 'search' } },
  { name: 'bookstore-db', labels: { app: 'bookstore', role: 'db' } },
  { name: 'inventory-web', labels: { app: 'inventory', role: 'web' } },
  { name: 'inventory-api', labels: { app: 'inventory', role: 'api' } },
  { name: 'apiserver', labels: { app: 'apiserver' }, ports: [{ port: 5000, name: 'api-port' }] },
  // The same app with api-port on another number, and 5000 under another name: a named port is resolved per pod.
  { name: 'apiserver-b', labels: { app: 'apiserver' }, ports: [{ port: 6000, name: 'api-port' }, { port: 5000, name: 'other-port' }] },
  { name: 'monitoring', labels: { role: 'monitoring' } },
  { name: 'monitor', labels: { type: 'monitoring' } },
  { name: 'fake-dns', labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, name: 'dns', protocol: Protocol.UDP }] },
  { name: 'client', namespace: 'other', labels: { app: 'client' } },
  { name: 'bookstore', namespace: 'other', labels: { app: 'bookstore' } },
  { name: 'bookstore-search', namespace: 'other', labels: { app: 'bookstore', role: 'search' } },
  { name: 'monitoring', namespace: 'other', labels: { role: 'monitoring' } },
  { name: 'client', namespace: 'prod', labels: { app: 'client' } },
  { name: 'monitor', namespace: 'ops', labels: { type: 'monitoring' } },
  { name: 'other', namespace: 'ops', labels: { app: 'other' } },
  { name: 'monitor', namespace: 'dev', labels: { type: 'monitoring' } },
  { name: 'metrics', namespace: 'kube-system', labels: { app: 'metrics' }, ports: [{ port: 53, name: 'dns', protocol: Protocol.UDP }] },
  { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, name: 'dns', protocol: Protocol.UDP }, { port: 53, name: 'dns-tcp' }] },
];
const EXTERNAL = '203.0.113.7';

/** The reachability model of a chart with these recipes, the pods above and an external client. */
function reach(...names: string[]): Reachability {
  return Reachability.fromManifests([...Testing.synth(chartWith(...names)), ...NAMESPACES], { pods: PODS, externalIps: [EXTERNAL, '10.0.0.5', '10.0.1.5'] });
}

const UDP = Protocol.UDP;

describe('canonical recipes', () => {
  test('every recipe the issue lists has one statement and a stated YAML, under its name', () => {
    expect(Object.keys(CANONICAL_RECIPES)).toEqual(NAMES);
    expect(stated.map((p) => p.metadata.name)).toEqual(NAMES);
    expect(stated.every((p) => p.metadata.namespace === 'default' && Array.isArray(p.spec.policyTypes))).toBe(true);
  });

  test.each(NAMES)('%s synthesizes exactly the stated YAML, as one NetworkPolicy', (name) => {
    const written = policies(chartWith(name));
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual(statedByName.get(name));
  });

  test.each(NAMES)('%s matches its snapshot', (name) => {
    expect(Yaml.stringify(...policies(chartWith(name)))).toMatchSnapshot();
  });

  test('all of them synthesize together in one strict guardrailed chart, with no finding; only netpol.cdk8s.io annotations are added', () => {
    const chart = new Chart(Testing.app(), 'canonical-recipes', { namespace: 'default' });
    Guardrails.enable(chart, { strict: true });
    canonicalRecipes(chart);
    expect(Guardrails.findings(chart).map((f) => `${f.ruleId} ${f.location}`)).toEqual([]);
    const written = policies(chart).map((p) => {
      const { annotations, ...metadata } = p.metadata;
      expect(Object.keys(annotations ?? {}).every((k) => k.startsWith('netpol.cdk8s.io/'))).toBe(true);
      return { ...p, metadata };
    });
    expect(written).toEqual(stated);
  });

  test('the examples app writes exactly them, in namespace default, to canonical-recipes.k8s.yaml (its chart canonical-recipes)', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-recipes-'));
    const app = examplesApp(outdir);
    fs.rmSync(outdir, { recursive: true, force: true }); // nothing is written: the chart is synthesized in memory
    const chart = app.node.findChild('canonical-recipes') as Chart;
    expect(chart.namespace).toEqual('default');
    expect(policies(chart).map((p) => ({ ...p, metadata: { name: p.metadata.name, namespace: p.metadata.namespace } }))).toEqual(stated);
  });

  describe('reachability of each intent', () => {
    test('web-deny-all: nothing reaches app=web; other pods and web\'s own egress are untouched', () => {
      const r = reach('web-deny-all');
      expect(r).toDenyTraffic({ from: 'default/other', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: EXTERNAL, to: 'default/web', port: 443 });
      expect(r).toAllowTraffic({ from: 'default/web', to: 'default/other', port: 80 });
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/other', port: 80 });
    });

    test('api-allow: only app=bookstore pods of its own namespace reach the api', () => {
      const r = reach('api-allow');
      expect(r).toAllowTraffic({ from: 'default/bookstore', to: 'default/bookstore-api', port: 8080 });
      expect(r).toAllowTraffic({ from: 'default/bookstore-search', to: 'default/bookstore-api', port: 9999, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'other/bookstore', to: 'default/bookstore-api', port: 8080 });
      expect(r).toDenyTraffic({ from: 'default/other', to: 'default/bookstore-api', port: 8080 });
      expect(r).toDenyTraffic({ from: EXTERNAL, to: 'default/bookstore-api', port: 8080 });
    });

    test('web-allow-all: everything reaches app=web even under web-deny-all and default-deny-all', () => {
      const denied = reach('web-deny-all', 'default-deny-all');
      expect(denied).toDenyTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      const r = reach('web-deny-all', 'default-deny-all', 'web-allow-all');
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toAllowTraffic({ from: 'default/other', to: 'default/web', port: 5000, protocol: UDP });
      expect(r).toAllowTraffic({ from: EXTERNAL, to: 'default/web', port: 443 });
      expect(r).toDenyTraffic({ from: 'default/web', to: 'default/other', port: 80 });
    });

    test('default-deny-all: no pod of the namespace accepts anything; their egress is untouched', () => {
      const r = reach('default-deny-all');
      expect(r).toDenyTraffic({ from: 'default/other', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'other/client', to: 'default/db', port: 5432 });
      expect(r).toAllowTraffic({ from: 'default/web', to: 'other/client', port: 80 });
      expect(r).toAllowTraffic({ from: 'default/web', to: EXTERNAL, port: 443 });
    });

    test('deny-from-other-namespaces: pods of the namespace reach each other; no other namespace or IP gets in', () => {
      const r = reach('deny-from-other-namespaces');
      expect(r).toAllowTraffic({ from: 'default/other', to: 'default/web', port: 80 });
      expect(r).toAllowTraffic({ from: 'default/web', to: 'default/db', port: 5432 });
      expect(r).toDenyTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'prod/client', to: 'default/db', port: 5432 });
      expect(r).toDenyTraffic({ from: EXTERNAL, to: 'default/web', port: 80 });
    });

    test('web-allow-all-namespaces: every pod of every namespace reaches app=web, no outside address', () => {
      const r = reach('web-allow-all-namespaces');
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toAllowTraffic({ from: 'default/other', to: 'default/web', port: 80 });
      expect(r).toAllowTraffic({ from: 'kube-system/coredns', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: EXTERNAL, to: 'default/web', port: 80 });
    });

    test('web-allow-prod: only namespaces labelled purpose=production reach app=web', () => {
      const r = reach('web-allow-prod');
      expect(r).toAllowTraffic({ from: 'prod/client', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'default/other', to: 'default/web', port: 80 });
    });

    test('web-allow-all-ns-monitoring: the pod label and the namespace label must both hold', () => {
      const r = reach('web-allow-all-ns-monitoring');
      expect(r).toAllowTraffic({ from: 'ops/monitor', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'ops/other', to: 'default/web', port: 80 }); // namespace label only
      expect(r).toDenyTraffic({ from: 'dev/monitor', to: 'default/web', port: 80 }); // pod label only
      expect(r).toDenyTraffic({ from: 'default/monitor', to: 'default/web', port: 80 }); // pod label, own namespace
    });

    test('web-allow-external: app=web accepts from outside the cluster and from every pod, on every port', () => {
      const r = reach('web-deny-all', 'web-allow-external');
      expect(r).toAllowTraffic({ from: EXTERNAL, to: 'default/web', port: 443 });
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/web', port: 8080 });
    });

    test('web-allow-external-port-80: from anywhere, on TCP 80 only', () => {
      const r = reach('web-allow-external-port-80');
      expect(r).toAllowTraffic({ from: EXTERNAL, to: 'default/web', port: 80 });
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: EXTERNAL, to: 'default/web', port: 443 });
      expect(r).toDenyTraffic({ from: EXTERNAL, to: 'default/web', port: 80, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'other/client', to: 'default/web', port: 443 });
    });

    test('api-allow-5000: role=monitoring pods of the namespace reach app=apiserver on TCP 5000 only', () => {
      const r = reach('api-allow-5000');
      expect(r).toAllowTraffic({ from: 'default/monitoring', to: 'default/apiserver', port: 5000 });
      expect(r).toDenyTraffic({ from: 'default/monitoring', to: 'default/apiserver', port: 5001 });
      expect(r).toDenyTraffic({ from: 'default/monitoring', to: 'default/apiserver', port: 5000, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'default/other', to: 'default/apiserver', port: 5000 });
      expect(r).toDenyTraffic({ from: 'other/monitoring', to: 'default/apiserver', port: 5000 });
    });

    test('api-allow-named-port: the same through the container port called api-port, whatever its number on each pod', () => {
      const r = reach('api-allow-named-port');
      expect(r).toAllowTraffic({ from: 'default/monitoring', to: 'default/apiserver', port: 5000 });
      expect(r).toDenyTraffic({ from: 'default/monitoring', to: 'default/apiserver', port: 5001 });
      expect(r).toDenyTraffic({ from: 'default/other', to: 'default/apiserver', port: 5000 });
      expect(r).toAllowTraffic({ from: 'default/monitoring', to: 'default/apiserver-b', port: 6000 });
      expect(r).toDenyTraffic({ from: 'default/monitoring', to: 'default/apiserver-b', port: 5000 });
    });

    test('redis-allow-services: any of the three selections reaches the db, nothing else', () => {
      const r = reach('redis-allow-services');
      for (const from of ['default/bookstore-search', 'default/bookstore-api', 'default/inventory-web']) {
        expect(r).toAllowTraffic({ from, to: 'default/bookstore-db', port: 6379 });
      }
      expect(r).toDenyTraffic({ from: 'default/inventory-api', to: 'default/bookstore-db', port: 6379 });
      expect(r).toDenyTraffic({ from: 'default/bookstore', to: 'default/bookstore-db', port: 6379 });
      expect(r).toDenyTraffic({ from: 'other/bookstore', to: 'default/bookstore-db', port: 6379 });
      expect(r).toDenyTraffic({ from: 'other/bookstore-search', to: 'default/bookstore-db', port: 6379 }); // right labels, other namespace
    });

    test('foo-deny-egress: app=foo reaches kube-dns in kube-system on UDP and TCP 53, and nothing else', () => {
      const r = reach('foo-deny-egress');
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'kube-system/coredns', port: 53, protocol: UDP });
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'kube-system/coredns', port: 53 });
      expect(r).toDenyTraffic({ from: 'default/foo', to: 'kube-system/coredns', port: 8080 });
      expect(r).toDenyTraffic({ from: 'default/foo', to: 'default/fake-dns', port: 53, protocol: UDP }); // kube-dns label outside kube-system
      expect(r).toDenyTraffic({ from: 'default/foo', to: 'kube-system/metrics', port: 53, protocol: UDP }); // kube-system without the label
      expect(r).toDenyTraffic({ from: 'default/foo', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'default/foo', to: EXTERNAL, port: 53, protocol: UDP });
      expect(r).toAllowTraffic({ from: 'default/web', to: EXTERNAL, port: 443 });
    });

    test('default-deny-egress: no pod of the namespace sends anything, DNS included; ingress is untouched', () => {
      const r = reach('default-deny-egress');
      expect(r).toDenyTraffic({ from: 'default/web', to: 'default/other', port: 80 });
      expect(r).toDenyTraffic({ from: 'default/web', to: 'kube-system/coredns', port: 53, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'default/web', to: EXTERNAL, port: 443 });
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/web', port: 80 });
    });

    test('deny-external-egress: app=foo reaches DNS and any pod of any namespace, but no address outside the cluster', () => {
      const r = reach('deny-external-egress');
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'kube-system/coredns', port: 53, protocol: UDP });
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'other/client', port: 8080 });
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'default/web', port: 80 });
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'prod/client', port: 9000, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'default/foo', to: EXTERNAL, port: 443 });
      expect(r).toDenyTraffic({ from: 'default/foo', to: EXTERNAL, port: 53, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'default/foo', to: '169.254.169.254', port: 80 });
      expect(r).toDenyTraffic({ from: 'default/foo', to: '10.0.0.5', port: 443 }); // a private address is outside the cluster too
      expect(r).toAllowTraffic({ from: 'default/foo', to: 'kube-system/coredns', port: 53 });
    });

    test('default-allow-ingress: every pod of the namespace accepts everything, even under default-deny-all', () => {
      const r = reach('default-deny-all', 'default-allow-ingress');
      expect(r).toAllowTraffic({ from: EXTERNAL, to: 'default/web', port: 443 });
      expect(r).toAllowTraffic({ from: 'other/client', to: 'default/db', port: 5432 });
    });

    test('default-allow-egress: every pod of the namespace sends anywhere, even under default-deny-egress', () => {
      const r = reach('default-deny-egress', 'default-allow-egress');
      expect(r).toAllowTraffic({ from: 'default/web', to: EXTERNAL, port: 443 });
      expect(r).toAllowTraffic({ from: 'default/db', to: 'other/client', port: 53, protocol: UDP });
    });

    test('default-deny-ingress-egress: nothing in or out of any pod of the namespace', () => {
      const r = reach('default-deny-ingress-egress');
      expect(r).toDenyTraffic({ from: 'default/web', to: 'default/other', port: 80 });
      expect(r).toDenyTraffic({ from: 'other/client', to: 'default/web', port: 80 });
      expect(r).toDenyTraffic({ from: 'default/web', to: 'kube-system/coredns', port: 53, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'default/web', to: EXTERNAL, port: 443 });
      expect(r).toAllowTraffic({ from: 'other/client', to: 'prod/client', port: 80 });
    });

    test('allow-port-range: role=db sends to 10.0.0.0/24 on TCP 32000 through 32768, nothing else', () => {
      const r = reach('allow-port-range');
      expect(r).toAllowTraffic({ from: 'default/db', to: '10.0.0.5', port: 32000 });
      expect(r).toAllowTraffic({ from: 'default/db', to: '10.0.0.5', port: 32768 });
      expect(r).toDenyTraffic({ from: 'default/db', to: '10.0.0.5', port: 31999 });
      expect(r).toDenyTraffic({ from: 'default/db', to: '10.0.0.5', port: 32769 });
      expect(r).toDenyTraffic({ from: 'default/db', to: '10.0.0.5', port: 32000, protocol: UDP });
      expect(r).toDenyTraffic({ from: 'default/db', to: '10.0.1.5', port: 32000 });
      expect(r).toDenyTraffic({ from: 'default/db', to: 'default/web', port: 80 });
    });
  });

  describe('README', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'canonical-recipes.ts'), 'utf8');
    const fixtureLines = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'canonical-recipes.yaml'), 'utf8').split('\n');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| `(.+)` \| \[YAML\]\(test\/fixtures\/canonical-recipes\.yaml#L(\d+)\) \|$/gm)];
    /** Code with its spacing, trailing commas and the `scope` parameter written the way the README writes them. */
    const normal = (code: string) => code.replace(/\s+/g, ' ').replace(/,\s*([}\])])/g, '$1').replace(/([([{]) /g, '$1').replace(/ ([)\]])/g, '$1')
      .replace(/\{(\S)/g, '{ $1').replace(/(\S)\}/g, '$1 }').replace(/\bscope\b/g, 'chart');

    test('its recipe table lists every recipe, in order, with the statement the examples app runs', () => {
      expect(rows.map((m) => m[1])).toEqual(NAMES);
      for (const [, name, code] of rows) {
        const at = source.indexOf(`'${name}': (scope) => `);
        const statement = source.slice(at + `'${name}': (scope) => `.length, source.indexOf('\n  \'', at + 1) > 0 ? source.indexOf('\n  \'', at + 1) : source.indexOf('\n};', at));
        expect(normal(code)).toEqual(normal(statement.trim().replace(/,$/, '')));
      }
    });

    test('each YAML link points at the line that names the recipe in the fixture', () => {
      for (const [, name, , line] of rows) expect(fixtureLines[Number(line) - 1]).toEqual(`  name: ${name}`);
    });
  });
});
