import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import '../../src/analysis/jest';
import { AllowFrom, LabelSelector, NetworkPolicy, Peer, PolicyType, Reachability } from '../../src';

/** A shop: web (Deployment) may reach db (StatefulSet) on 5432; db accepts nothing else. */
function shop() {
  const chart = Testing.chart();
  new kplus.Namespace(chart, 'Shop', { metadata: { name: 'shop' } });
  const web = new kplus.Deployment(chart, 'Web', { metadata: { namespace: 'shop' }, containers: [{ image: 'web', portNumber: 8080 }] });
  const db = new kplus.Deployment(chart, 'Db', { metadata: { namespace: 'shop' }, containers: [{ image: 'pg', portNumber: 5432 }] });
  new NetworkPolicy(chart, 'DbIn', {
    metadata: { namespace: 'shop' },
    podSelector: LabelSelector.matchLabels(db.matchLabels),
    ingress: [AllowFrom(Peer.workload(web)).toPort(5432)],
  });
  return { chart, web, db };
}

describe('jest matchers', () => {
  test('toAllowTraffic passes for an allowed connection between cdk8s-plus workloads', () => {
    const { chart, web, db } = shop();
    expect(chart).toAllowTraffic({ from: web, to: db, port: 5432 });
    expect(chart).toAllowTraffic({ from: Reachability.nameOf(web), to: Reachability.nameOf(db), port: 5432, protocol: 'TCP' });
  });

  test('toDenyTraffic passes for a denied connection, also with .not', () => {
    const { chart, web, db } = shop();
    expect(chart).toDenyTraffic({ from: web, to: db, port: 5433 });
    expect(chart).toDenyTraffic({ from: web, to: db, port: 5432, protocol: 'UDP' });
    expect(chart).not.toDenyTraffic({ from: web, to: db, port: 5432 });
    expect(chart).toAllowTraffic({ from: db, to: db, port: 1 }); // a pod always reaches itself
  });

  test('adds plain labelled pods and external IPs to the chart', () => {
    const { chart, db } = shop();
    expect(chart).toDenyTraffic({ from: 'shop/debug', to: db, port: 5432, pods: [{ name: 'debug', namespace: 'shop', labels: { app: 'debug' } }] });
    expect(chart).toDenyTraffic({ from: '203.0.113.9', to: db, port: 5432, externalIps: ['203.0.113.9'] });
    expect(chart).toAllowTraffic({ from: db, to: '203.0.113.9', port: 443 });
  });

  test('accepts an app, a Reachability, manifests and YAML text', () => {
    const { chart, web, db } = shop();
    const [from, to] = [Reachability.nameOf(web), Reachability.nameOf(db)];
    expect(Reachability.fromChart(chart)).toAllowTraffic({ from, to, port: 5432 });
    expect(chart.toJson()).toAllowTraffic({ from, to, port: 5432 });
    expect(Testing.synth(chart).map((o) => JSON.stringify(o)).join('\n---\n')).toDenyTraffic({ from, to, port: 22 });
  });

  test('fails with the explanation when the connection is denied', () => {
    const { chart, web, db } = shop();
    const name = Reachability.nameOf(db);
    expect(() => expect(chart).toAllowTraffic({ from: web, to: db, port: 22 })).toThrow(
      new RegExp(`expected ${Reachability.nameOf(web)} -> ${name} on 22/TCP to be allowed, but it is denied\\.\\n\\nDENY .*\\n(.*\\n)*.*no port matches 22/TCP: the rule allows TCP 5432`),
    );
  });

  test('fails with the explanation when the connection is allowed', () => {
    const { chart, web, db } = shop();
    expect(() => expect(chart).toDenyTraffic({ from: db, to: web, port: 8080 })).toThrow(/to be denied, but it is allowed\.\n\nALLOW .*\n {2}egress of the source/);
    expect(() => expect(chart).not.toAllowTraffic({ from: web, to: db, port: 5432 })).toThrow(/not to be allowed, but it is allowed\.\n\nALLOW /);
  });

  test('fails if the pod is unknown', () => {
    const { chart } = shop();
    expect(() => expect(chart).toAllowTraffic({ from: 'shop/nope', to: 'shop/web', port: 80 })).toThrow('unknown pod "shop/nope"');
  });

  test('fails if pods are added to an already loaded Reachability', () => {
    const r = Reachability.fromChart(shop().chart);
    expect(() => expect(r).toAllowTraffic({ from: 'a', to: 'b', port: 1, pods: [{ name: 'a' }] })).toThrow(/cannot be added to a Reachability that is already loaded/);
  });

  test('fails if the expectation is not an object', () => {
    expect(() => expect(shop().chart).toAllowTraffic(undefined as any)).toThrow('expected { from, to, port, protocol? } describing one connection');
  });

  test('fails if the subject is not a chart, app, Reachability, manifests or YAML', () => {
    expect(() => expect(42).toAllowTraffic({ from: 'a', to: 'b', port: 1 })).toThrow('expect(...) needs a cdk8s Chart or App, a Reachability, a list of manifests or YAML text, not number');
  });

  test('sees isolation written with PolicyType too', () => {
    const { chart, web, db } = shop();
    new NetworkPolicy(chart, 'WebOut', { metadata: { namespace: 'shop' }, podSelector: LabelSelector.matchLabels(web.matchLabels), policyTypes: [PolicyType.EGRESS] });
    expect(chart).toDenyTraffic({ from: web, to: db, port: 5432 });
  });
});
