// `netpol check` on the fixtures in test/fixtures/cli, run in-process through main().
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, netpol } from './_run';

function check(args: string[], input?: string) {
  return netpol(['check', ...args], input);
}

describe('netpol check', () => {
  test('--help prints its usage and exits 0', () => {
    const r = check(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: netpol check <file\|directory\|->\.\.\. --from POD\|IP --to POD\|IP --port PORT \[--explain\]/);
    expect(r.stdout).toMatch(/Exit status: 0 if allowed \(by every pod of a Service\), 1 if denied \(or PARTIAL\), 2 on usage errors/);
    expect(r.stdout).toMatch(/--to svc\/NAMESPACE\/NAME:PORT/);
  });

  test('prints ALLOW with the rules that allowed each side and exits 0', () => {
    const r = check(['shop', '--from', 'shop/web', '--to', 'shop/api', '--port', '8080/TCP']);
    expect(r).toEqual({
      code: 0,
      stdout: 'ALLOW shop/web -> shop/api on 8080/TCP: egress of shop/web is not isolated; ingress of shop/api allowed by shop/api-from-web ingress[0] from[0] ports[0]\n',
      stderr: '',
    });
  });

  test('prints DENY with the side that blocks and exits 1', () => {
    const r = check(['shop', '--from', 'monitoring/prometheus', '--to', 'shop/api', '--port', '8080']);
    expect(r).toEqual({
      code: 1,
      stdout: 'DENY monitoring/prometheus -> shop/api on 8080/TCP: ingress of shop/api is isolated by shop/default-deny, shop/api-from-web, shop/metrics, and no rule allows it\n',
      stderr: '',
    });
  });

  test('names both sides when both block', () => {
    const r = check(['shop', '--from', 'shop/db', '--to', 'shop/web', '--port', '8080/TCP']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('DENY shop/db -> shop/web on 8080/TCP: egress of shop/db is isolated by shop/db-from-api, and no rule allows it; '
      + 'ingress of shop/web is isolated by shop/default-deny, shop/web-from-office, and no rule allows it\n');
  });

  test('--explain prints the full explanation: selecting policies, the matching rule, and why others did not match', () => {
    const allowed = check(['shop', '--from', 'prometheus', '--to', 'api', '--port', '9090', '--explain']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe([
      'ALLOW monitoring/prometheus -> shop/api on 9090/TCP',
      '  egress of the source monitoring/prometheus:',
      '    no policy selects monitoring/prometheus, so its egress is not isolated: allowed',
      '  ingress of the destination shop/api:',
      '    shop/api is isolated for ingress by shop/default-deny, shop/api-from-web, shop/metrics; allowed by shop/metrics ingress[0] from[0] ports[0]',
      '',
    ].join('\n'));
    const denied = check(['shop', '--from', '198.51.100.7', '--to', 'shop/web', '--port', '8080/TCP', '--explain']);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/^DENY 198\.51\.100\.7 -> shop\/web on 8080\/TCP: blocked by the ingress of shop\/web\n/);
    expect(denied.stdout).toMatch(/\n {4}- shop\/web-from-office ingress\[0\]: no from entry matches 198\.51\.100\.7: from\[0\] ipBlock 203\.0\.113\.0\/24 does not contain 198\.51\.100\.7\n/);
    expect(denied.stdout).toMatch(/\n {4}- shop\/default-deny: no ingress rules, it allows nothing\n/);
  });

  test('takes IP addresses on either side; an IP outside the cluster has no policies', () => {
    expect(check(['shop', '--from', '203.0.113.5', '--to', 'shop/web', '--port', '8080/TCP'])).toMatchObject({
      code: 0,
      stdout: 'ALLOW 203.0.113.5 -> shop/web on 8080/TCP: egress: 203.0.113.5 is outside the cluster; ingress of shop/web allowed by shop/web-from-office ingress[0] from[0] ports[0]\n',
    });
    expect(check(['shop', '--from', 'shop/api', '--to', '2001:db8::1', '--port', '443', '--external', '2001:db8::1'])).toMatchObject({
      code: 0,
      stdout: 'ALLOW shop/api -> 2001:db8::1 on 443/TCP: egress of shop/api is not isolated; ingress: 2001:db8::1 is outside the cluster\n',
    });
    expect(check(['shop', '--from', 'shop/db', '--to', '203.0.113.5', '--port', '53/udp'])).toMatchObject({
      code: 1,
      stdout: 'DENY shop/db -> 203.0.113.5 on 53/UDP: egress of shop/db is isolated by shop/db-from-api, and no rule allows it\n',
    });
  });

  test('a pod can always reach itself', () => {
    expect(check(['shop', '--from', 'shop/db', '--to', 'shop/db', '--port', '1'])).toMatchObject({
      code: 0,
      stdout: 'ALLOW shop/db -> shop/db on 1/TCP: a pod can always reach itself\n',
    });
  });

  test('reads standard input for "-"', () => {
    const yaml = fs.readFileSync(path.join(FIXTURES, 'shop', 'app.yaml'), 'utf8');
    expect(check(['-', '--from', 'shop/api', '--to', 'shop/db', '--port', '3306'], yaml)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ALLOW shop\/api -> shop\/db on 3306\/TCP: /) });
  });

  test('fails with exit 2 on an unknown pod, suggesting the closest name', () => {
    const r = check(['shop', '--from', 'shop/wbe', '--to', 'shop/api', '--port', '80']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'netpol check: unknown pod "shop/wbe": no pod, workload or IP by that name (did you mean shop/web?)\n' });
  });

  test('fails with exit 2 and the validator\'s messages on an invalid NetworkPolicy', () => {
    const r = check(['invalid.yaml', '--from', 'a', '--to', 'b', '--port', '80']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^netpol check: invalid\.yaml:17: shop\/db: spec\.ingress\[0\]\.ports\[0\]\.port: 0 must be/);
    expect(r.stderr).toMatch(/\nnetpol check: 2 invalid NetworkPolicies: they fail validation, so nothing was analysed\n$/);
  });

  test('fails with exit 2 on unparsable or missing files', () => {
    const broken = check(['broken.yaml', '--from', 'a', '--to', 'b', '--port', '80']);
    expect(broken).toMatchObject({ code: 2, stdout: '' });
    expect(broken.stderr).toMatch(/^netpol check: cannot read broken\.yaml: document 1: invalid YAML: line 6, column 1: /);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    expect(check(['nope', '--from', 'a', '--to', 'b', '--port', '80'])).toMatchObject({ code: 2, stderr: 'netpol check: cannot read nope: no such file or directory\n' });
  });

  test('fails with exit 2 on usage errors, pointing to --help', () => {
    const usage = (args: string[], message: RegExp) => {
      const r = check(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\nRun `netpol check --help` for usage\.\n$/);
    };
    usage(['shop', '--to', 'shop/api', '--port', '80'], /^netpol check: --from is required\n/);
    usage(['shop', '--from', 'shop/web', '--port', '80'], /^netpol check: --to is required\n/);
    usage(['shop', '--from', 'shop/web', '--to', 'shop/api'], /^netpol check: --port is required\n/);
    usage(['shop', '--from', 'shop/web', '--to', 'shop/api', '--port', 'http'], /^netpol check: invalid port "http": write a number and optionally a protocol/);
    usage(['shop', '--from', 'shop/web', '--to', 'shop/api', '--port', '80/ICMP'], /^netpol check: invalid port "80\/ICMP": unknown protocol "ICMP": use TCP, UDP or SCTP\n/);
    usage(['shop', '--from', 'shop/web', '--to', 'shop/api', '--port', '70000'], /^netpol check: invalid port "70000": port 70000 is not a whole number/);
    usage(['shop', '--from', 'a', '--from', 'b', '--to', 'shop/api', '--port', '80'], /^netpol check: --from is given 2 times: give it once\n/);
    usage(['--from', 'shop/web', '--to', 'shop/api', '--port', '80'], /^netpol check: no files or directories given\n/);
  });

  test('fails with exit 2 on options that parseArgs rejects, naming the option and the fix', () => {
    const usage = (args: string[], message: string) => {
      expect(check(args)).toEqual({ code: 2, stdout: '', stderr: `netpol check: ${message}\nRun \`netpol check --help\` for usage.\n` });
    };
    usage(['shop', '--form', 'shop/web', '--to', 'shop/api', '--port', '80'], 'unknown option --form (did you mean --from?)');
    usage(['shop', '-x'], 'unknown option -x');
    usage(['shop', '--to', 'shop/api', '--port', '80', '--from'], 'option --from needs a value');
    usage(['shop', '--from', '--to', 'shop/api', '--port', '80'], "option --from needs a value (for a value that starts with '-', write --from=-value)");
    usage(['shop', '--from', 'a', '--to', 'b', '--port', '80', '--explain=yes'], 'option --explain takes no value');
  });

  test('reads everything after -- as files, even names that start with -', () => {
    const r = check(['--from', 'shop/web', '--to', 'shop/api', '--port', '80', '--', '--explain']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'netpol check: cannot read --explain: no such file or directory\n' });
  });
});

describe('netpol check --pod (policies without pods)', () => {
  // Policies only: the db accepts the api on 5432.
  const policies = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: { name: db, namespace: shop }',
    'spec:',
    '  podSelector: { matchLabels: { app: db } }',
    '  policyTypes: [Ingress]',
    '  ingress: [{ from: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 5432 }] }]',
  ].join('\n');

  test('answers about pods declared on the command line', () => {
    const pods = ['--pod', 'shop/db:app=db', '--pod', 'shop/api:app=api,tier=back', '--pod', 'shop/web:app=web'];
    expect(check(['-', ...pods, '--from', 'shop/api', '--to', 'shop/db', '--port', '5432'], policies).code).toBe(0);
    expect(check(['-', ...pods, '--from', 'shop/web', '--to', 'shop/db', '--port', '5432'], policies).code).toBe(1);
  });

  test('suggests --pod when a pod is unknown', () => {
    const r = check(['-', '--from', 'shop/api', '--to', 'shop/db', '--port', '5432'], policies);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown pod.*declare them with --pod NAMESPACE\/NAME:key=value/s);
  });

  test('fails with exit 2 on a --pod it cannot read, naming the fix', () => {
    const bad = (pod: string, message: RegExp) => {
      const r = check(['-', '--pod', pod, '--from', 'a', '--to', 'b', '--port', '80'], policies);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    bad('a/b/c', /--pod "a\/b\/c": write NAMESPACE\/NAME:key=value,key=value/);
    bad('Shop/web', /--pod "Shop\/web": namespace "Shop"/);
    bad('shop/web:bad key=x', /--pod "shop\/web:bad key=x": label bad key=x:/);
    bad('shop/web:a=1,a=2', /label a is given twice/);
  });
});

describe('netpol check --to svc/NAMESPACE/NAME:PORT', () => {
  const DUMP = 'dump/repo/cluster.yaml';
  const WEB = 'shop/web-7d9c8b5f64-8kz2q';
  const REPORT = 'shop/report-29412360-hz6wt';

  test('resolves the Service port to the targetPort on each selected pod and answers per pod', () => {
    const r = check([DUMP, '--from', WEB, '--to', 'svc/shop/api:http']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `ALLOW ${WEB} -> svc/shop/api:80/TCP (http): all 2 pods allow it (shop/api-6f4d9b7c85-2lqsd, shop/api-6f4d9b7c85-vbn5c)`,
      '  NetworkPolicies act on pod ports, not Service ports: Service port 80/TCP goes to targetPort http = 8080/TCP on every selected pod',
    ]);
    expect(r.stdout).toMatch(new RegExp(`\\n  ALLOW ${WEB} -> shop/api-6f4d9b7c85-vbn5c on 8080/TCP: `));
    // The Service port by number, or as --port, is the same question.
    expect(check([DUMP, '--from', WEB, '--to', 'svc/shop/api:80']).stdout).toBe(r.stdout);
    expect(check([DUMP, '--from', WEB, '--to', 'svc/shop/api', '--port', '80']).stdout).toBe(r.stdout);
    // Without the namespace, when the Service name is unique (a pod name holds no colon, so this is no pod).
    expect(check([DUMP, '--from', WEB, '--to', 'svc/api:http']).stdout).toBe(r.stdout);
  });

  test('says PARTIAL, names the pods and exits 1 when only some pods allow it', () => {
    const r = check([DUMP, '--from', REPORT, '--to', 'svc/shop/db:mysql']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^PARTIAL ${REPORT} -> svc/shop/db:3306/TCP \\(mysql\\): 1 of 2 pods allow it \\(shop/db-1\\); denied by shop/db-0\\n`));
    expect(r.stdout).toMatch(new RegExp(`\\n  DENY ${REPORT} -> shop/db-0 on 3306/TCP: ingress of shop/db-0 is isolated by shop/default-deny, shop/db-from-api, and no rule allows it\\n`));
  });

  test('--explain prints each pod\'s full explanation', () => {
    const r = check([DUMP, '--from', WEB, '--to', 'svc/shop/db:3306', '--explain']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENY .* no pod allows it \(denied by shop\/db-0, shop\/db-1\)\n/);
    expect(r.stdout).toMatch(/\n {2}DENY shop\/web-7d9c8b5f64-8kz2q -> shop\/db-1 on 3306\/TCP: blocked by the ingress of shop\/db-1\n {4}egress of the source/);
  });

  test('fails with exit 2 on an unknown Service, suggesting the close ones', () => {
    const r = check([DUMP, '--from', WEB, '--to', 'svc/shop/dbb:mysql']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'netpol check: unknown Service "svc/shop/dbb:mysql": no Service shop/dbb in the manifests (did you mean svc/shop/db?)\n' });
  });

  test('fails with exit 2 on an unknown Service port, listing the ports and the one that leads to a pod port', () => {
    const r = check([DUMP, '--from', WEB, '--to', 'svc/shop/api:8080']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('netpol check: unknown Service port: Service shop/api has no port 8080 (ports: 80/TCP (http) -> targetPort http, 9090/TCP (metrics) -> targetPort 9090); '
      + 'the port is the Service\'s port, not the pod\'s; 8080 is a pod port: the Service port that leads to it is svc/shop/api:http\n');
    expect(check([DUMP, '--from', WEB, '--to', 'svc/shop/api']).stderr).toMatch(/Service shop\/api has 2 ports: name one, e.g. svc\/shop\/api:http/);
  });

  test('fails with exit 2 on a Service without selector or selecting no pods, and on a Service as the source', () => {
    const services = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: external-db, namespace: shop}\nspec: {ports: [{port: 5432}]}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: gone, namespace: shop}\nspec: {selector: {app: gone}, ports: [{port: 80}]}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}',
    ].join('\n---\n');
    const manual = check(['-', '--from', 'shop/web', '--to', 'svc/shop/external-db'], services);
    expect(manual.code).toBe(2);
    expect(manual.stderr).toMatch(/^netpol check: Service shop\/external-db has no selector: its endpoints are managed by hand/);
    const gone = check(['-', '--from', 'shop/web', '--to', 'svc/shop/gone:80'], services);
    expect(gone.stderr).toBe('netpol check: Service shop/gone selects no pods: its selector {app=gone} matches no pod of namespace shop (pods there: shop/web)\n');
    const source = check(['-', '--from', 'svc/shop/gone', '--to', 'shop/web', '--port', '80'], services);
    expect(source.code).toBe(2);
    expect(source.stderr).toMatch(/--from svc\/shop\/gone is a Service: traffic leaves from pods/);
  });
});
