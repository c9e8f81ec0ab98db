// `netpol matrix` on the fixtures in test/fixtures/cli, run in-process through main().
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, netpol } from './_run';
import { Reachability } from '../../src';

const EXTERNAL = '--external=203.0.113.5,198.51.100.7';
const PODS = ['monitoring/prometheus', 'shop/api', 'shop/db', 'shop/web', '203.0.113.5', '198.51.100.7'];
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-matrix-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** `n` pods in namespace `ns`, as YAML. */
function manyPods(n: number, ns = 'bulk'): string {
  return Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${ns}, labels: {app: p${i % 7}}}\n`).join('---\n');
}

describe('netpol matrix', () => {
  test('--help prints its usage and exits 0', () => {
    const r = netpol(['matrix', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: netpol matrix \[options\] <file\|directory\|->\.\.\./);
    expect(r.stdout).toMatch(/--format FORMAT +text \(default\)/);
    expect(r.stdout).toMatch(/\n\s+json: \{"pods": \[\.\.\.\], "ports": \[\.\.\.\],/);
    expect(netpol(['help', 'matrix']).stdout).toEqual(r.stdout);
  });

  test('`netpol --help` lists matrix and check', () => {
    const r = netpol(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}matrix {4}print who can reach whom/);
    expect(r.stdout).toMatch(/\n {2}check {5}answer one question/);
  });

  test('prints a truth table per port, rows = from, columns = to, external IPs after the pods', () => {
    const r = netpol(['matrix', 'shop', '--ports', '8080/TCP,3306', EXTERNAL]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toEqual([
      'reachability: rows = from, columns = to; 1 = allowed, . = denied',
      '',
      '3306/TCP              monitoring/prometheus shop/api shop/db shop/web 203.0.113.5 198.51.100.7',
      'monitoring/prometheus 1                     .        .       .        1           1',
      'shop/api              1                     1        1       .        1           1',
      'shop/db               .                     .        1       .        .           .',
      'shop/web              1                     .        .       1        1           1',
      '203.0.113.5           1                     .        .       .        1           1',
      '198.51.100.7          1                     .        .       .        1           1',
      '',
      '8080/TCP              monitoring/prometheus shop/api shop/db shop/web 203.0.113.5 198.51.100.7',
      'monitoring/prometheus 1                     .        .       .        1           1',
      'shop/api              1                     1        .       .        1           1',
      'shop/db               .                     .        1       .        .           .',
      'shop/web              1                     1        .       1        1           1',
      '203.0.113.5           1                     .        .       1        1           1',
      '198.51.100.7          1                     .        .       .        1           1',
      '',
    ].join('\n'));
  });

  test('defaults to every port a policy mentions (named ports resolved) plus one that none mentions', () => {
    const r = netpol(['matrix', 'shop', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ports).toEqual(['1/TCP', '3306/TCP', '8080/TCP', '9090/TCP']);
  });

  test('--format json is exactly {pods, ports, results: [{from, to, port, allowed}]}, one result per (from, to, port)', () => {
    const r = netpol(['matrix', 'shop', '--ports', '9090/TCP,8080/TCP', EXTERNAL, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['pods', 'ports', 'results']);
    expect(json.pods).toEqual(PODS);
    expect(json.ports).toEqual(['8080/TCP', '9090/TCP']);
    expect(json.results).toHaveLength(6 * 6 * 2);
    for (const result of json.results) expect(Object.keys(result)).toEqual(['from', 'to', 'port', 'allowed']);
    // Ordered by from, then to, then port.
    expect(json.results.slice(0, 3)).toEqual([
      { from: 'monitoring/prometheus', to: 'monitoring/prometheus', port: '8080/TCP', allowed: true },
      { from: 'monitoring/prometheus', to: 'monitoring/prometheus', port: '9090/TCP', allowed: true },
      { from: 'monitoring/prometheus', to: 'shop/api', port: '8080/TCP', allowed: false },
    ]);
    const at = (from: string, to: string, port: string) => json.results.find((x: any) => x.from === from && x.to === to && x.port === port).allowed;
    expect(at('monitoring/prometheus', 'shop/api', '9090/TCP')).toBe(true); // named port metrics, namespace AND pod selector
    expect(at('shop/web', 'shop/api', '8080/TCP')).toBe(true); // named port http
    expect(at('shop/db', '203.0.113.5', '8080/TCP')).toBe(false); // db's egress is isolated with no rules
    expect(at('198.51.100.7', 'shop/web', '8080/TCP')).toBe(false); // outside the office ipBlock
    // The same document the library gives.
    const yaml = ['app.yaml', 'monitoring.yaml'].map((f) => fs.readFileSync(path.join(FIXTURES, 'shop', f), 'utf8')).join('---\n');
    const library = Reachability.fromYaml(yaml, { externalIps: ['203.0.113.5', '198.51.100.7'] }).matrixOn([{ port: 8080 }, { port: 9090 }]).toJson();
    expect(json).toEqual(library);
  });

  test('--format json of an empty matrix is still the same shape', () => {
    const r = netpol(['matrix', '-', '--format', 'json', '--ports', '80'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ pods: [], ports: ['80/TCP'], results: [] });
    expect(r.stderr).toBe('netpol matrix: no pods, workloads or external IPs in 1 file: the matrix is empty\n');
  });

  test('--format markdown prints a table per port', () => {
    const r = netpol(['matrix', 'shop', '--ports', '3306/TCP', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      '**3306/TCP** (rows: from, columns: to; ✓ = allowed, ✗ = denied)',
      '',
      '| from \\ to | monitoring/prometheus | shop/api | shop/db | shop/web |',
      '| --- | :-: | :-: | :-: | :-: |',
      '| monitoring/prometheus | ✓ | ✗ | ✗ | ✗ |',
    ]);
    expect(r.stdout).toMatch(/\n\| shop\/api \| ✓ \| ✓ \| ✓ \| ✗ \|\n/);
  });

  test('--format html writes one self-contained page (no network, no external files) to --output', () => {
    const file = path.join(tmp, 'matrix.html');
    const r = netpol(['matrix', 'shop', EXTERNAL, '--ports', '8080/TCP', '--format=html', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`netpol matrix: wrote ${file}: 6 endpoints, 1 port\n`);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toMatch(/<title>Reachability: shop<\/title>/);
    expect(html).not.toMatch(/https?:\/\/|<link|\ssrc=|@import|url\(/);
    const data = JSON.parse(/<script type="application\/json" id="netpol-data">(.*)<\/script>/.exec(html)![1]);
    expect(data).toMatchObject({ mode: 'pods', endpoints: PODS, ports: ['8080/TCP'], podCount: 4, externalCount: 2, namespaceCount: 2 });
    expect(data.cells[0]).toHaveLength(36);
  });

  test('--output writes text too, and stdout stays empty', () => {
    const file = path.join(tmp, 'matrix.txt');
    const r = netpol(['matrix', 'shop', '--ports', '80', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^reachability: rows = from, columns = to/);
  });

  test('reads standard input for "-", and ignores NetworkPolicies of other API groups with a warning', () => {
    const input = fs.readFileSync(path.join(FIXTURES, 'valid', 'calico.yaml'), 'utf8') + '---\n' + fs.readFileSync(path.join(FIXTURES, 'shop', 'app.yaml'), 'utf8');
    const r = netpol(['matrix', '-', '--ports', '3306'], input);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('netpol matrix: ignoring <stdin>:2: shop/calico-deny: a projectcalico.org/v3 NetworkPolicy, not networking.k8s.io/v1\n');
    expect(r.stdout).toMatch(/\nshop\/api 1 {8}1 {7}\.\n/);
  });

  test('refuses text, markdown and json output of more than 1,000,000 results, before computing it', () => {
    fs.writeFileSync(path.join(tmp, 'many.yaml'), manyPods(1001));
    for (const format of ['text', 'markdown', 'json']) {
      const r = netpol(['matrix', path.join(tmp, 'many.yaml'), '--ports', '80', '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe([
        'netpol matrix: 1,001 endpoints x 1 port make 1,002,001 results, more than --max-results (1,000,000)',
        'netpol matrix: narrow the input (fewer files, fewer --ports), use --format html (which draws namespace pairs for large inputs), or raise --max-results',
        '',
      ].join('\n'));
    }
  });

  test('--max-results sets the limit', () => {
    expect(netpol(['matrix', 'shop', '--max-results', '15'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^netpol matrix: 4 endpoints x 4 ports make 64 results, more than --max-results \(15\)\n/) });
    expect(netpol(['matrix', 'shop', '--max-results', '64']).code).toBe(0);
  });

  test('html output of a large input draws namespace pairs instead of refusing', () => {
    fs.writeFileSync(path.join(tmp, 'large.yaml'), manyPods(600));
    const file = path.join(tmp, 'large.html');
    const r = netpol(['matrix', path.join(tmp, 'large.yaml'), '--ports', '80', '--format', 'html', '--output', file]);
    expect(r.code).toBe(0);
    const data = JSON.parse(/id="netpol-data">(.*)<\/script>/.exec(fs.readFileSync(file, 'utf8'))![1]);
    expect(data).toMatchObject({ mode: 'namespaces', podCount: 600, totals: [360_000], pairs: 360_000, counts: [[360_000]] });
    expect(data.cells).toBeUndefined();
  });

  test('fails with exit 2 and the validator\'s messages on an invalid NetworkPolicy', () => {
    const r = netpol(['matrix', 'invalid.yaml', 'shop']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^netpol matrix: invalid\.yaml:17: shop\/db: spec\.ingress\[0\]\.ports\[0\]\.port: 0 must be a whole number between 1 and 65535/);
    expect(lines[4]).toMatch(/^netpol matrix: invalid\.yaml:44: Bad_Name: spec\.policyTypes\[0\]: "Ingres" is not supported/);
    expect(lines[5]).toBe('netpol matrix: 2 invalid NetworkPolicies: they fail validation, so nothing was analysed');
  });

  test('analyses a policy with host bits set in an ipBlock (10.0.1.1/4) as its network 0.0.0.0/4', () => {
    const input = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: shop}\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: e2e, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.1.1/4}}]}]\n',
    ].join('---\n');
    const r = netpol(['matrix', '--external=15.0.0.1,16.0.0.1', '-'], input);
    expect(r.stderr).not.toMatch(/invalid/);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain('shop/api 1        1        .');
  });

  test('reports every broken object with its file and line, not only the first', () => {
    fs.writeFileSync(path.join(tmp, 'bad-ip.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nstatus: { podIP: 10.0.0.999 }\n');
    fs.writeFileSync(path.join(tmp, 'no-name.yaml'), [
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { namespace: shop }\nspec: { template: { metadata: { labels: { app: x } } } }',
    ].join('\n---\n'));
    const r = netpol(['matrix', path.join(tmp, 'bad-ip.yaml'), path.join(tmp, 'no-name.yaml')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toEqual([
      expect.stringMatching(/^netpol matrix: .*bad-ip\.yaml:1: shop\/web: status\.podIP: .*10\.0\.0\.999/),
      expect.stringMatching(/^netpol matrix: .*no-name\.yaml:5: a Deployment without metadata\.name$/),
    ]);
  });

  test('fails with exit 2 and a clear message, no stack trace, on unparsable or unreadable input', () => {
    const r = netpol(['matrix', 'broken.yaml', 'broken.json', 'missing.yaml', 'shop']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^netpol matrix: cannot read broken\.yaml: document 1: invalid YAML: line 6, column 1: /);
    expect(r.stderr).toMatch(/\nnetpol matrix: cannot read broken\.json: invalid JSON: /);
    expect(r.stderr).toMatch(/\nnetpol matrix: cannot read missing\.yaml: no such file or directory\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('analyses a CIDR with host bits set as its network, and prints the API server\'s warning', () => {
    const file = path.join(tmp, 'hostbits.yaml');
    fs.writeFileSync(file, [
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop, labels: { app: web } }',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{ from: [{ ipBlock: { cidr: 10.0.1.1/4 } }] }]',
    ].join('\n---\n'));
    const r = netpol(['check', file, '--from', '12.0.0.1', '--to', 'shop/web', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^netpol check: warning: .*hostbits\.yaml:5: shop\/p: spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr: .*0\.0\.0\.0\/4/m);
  });

  test('fails with exit 2 when two objects would be the same pod', () => {
    const r = netpol(['matrix', 'duplicate-pods.yaml']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('netpol matrix: two pods are called "shop/api" (Pod and Deployment): give them different names or namespaces\n');
  });

  test('fails with exit 2 when --output cannot be written, and leaves no file behind', () => {
    const file = path.join(tmp, 'no-such-dir', 'm.txt');
    const r = netpol(['matrix', 'shop', '-o', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol matrix: cannot write .*no-such-dir\/m\.txt: ENOENT/);
    expect(fs.existsSync(file)).toBe(false);
  });

  test('fails with exit 2 when writing --output fails midway, and leaves the earlier file as it was', () => {
    const file = path.join(tmp, 'm.json');
    fs.writeFileSync(file, 'PREVIOUS GOOD\n');
    let calls = 0;
    // The module object itself: the namespace import above is read-only.
    const nodeFs: typeof fs = jest.requireActual('fs');
    const real = nodeFs.writeSync;
    const spy = jest.spyOn(nodeFs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
      if (++calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real as any)(...args);
    }) as typeof fs.writeSync);
    let r;
    try {
      r = netpol(['matrix', 'shop', '--format', 'json', '-o', file]);
    } finally {
      spy.mockRestore();
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol matrix: cannot write .*m\.json: ENOSPC: no space left on device/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(fs.readFileSync(file, 'utf8')).toBe('PREVIOUS GOOD\n');
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('fails with exit 2 on usage errors, pointing to --help', () => {
    const usage = (args: string[], message: RegExp) => {
      const r = netpol(['matrix', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\nRun `netpol matrix --help` for usage\.\n$/);
    };
    usage([], /^netpol matrix: no files or directories given\n/);
    usage(['shop', '--format', 'svg'], /^netpol matrix: --format must be one of text, markdown, json, html, not "svg"\n/);
    usage(['shop', '--ports', '80/TCPX'], /^netpol matrix: invalid port "80\/TCPX": /);
    usage(['shop', '--ports', '0'], /^netpol matrix: invalid port "0": port 0 is not a whole number between 1 and 65535\n/);
    usage(['shop', '--ports', '80,,81'], /^netpol matrix: --ports needs a comma-separated list without empty items/);
    usage(['shop', '--external', '203.0.113.0/24'], /^netpol matrix: --external: "203\.0\.113\.0\/24" is not an IP address/);
    usage(['shop', '--max-results', 'lots'], /^netpol matrix: --max-results needs a whole number, not "lots"\n/);
    usage(['shop', '--format', 'json', '--format', 'text'], /^netpol matrix: --format is given 2 times: give it once\n/);
    usage(['shop', '-o'], /^netpol matrix: option --output needs a value\n/);
    usage(['shop', '--port', '80'], /^netpol matrix: unknown option --port \(did you mean --ports\?\)\n/);
  });

  test('--ports is repeatable, and each value may list several ports', () => {
    const r = netpol(['matrix', 'shop', '--ports', '9090,53/udp', '--ports=8080/TCP', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ports).toEqual(['53/UDP', '8080/TCP', '9090/TCP']);
  });
});

describe('netpol matrix --group workload', () => {
  const DUMP = 'dump/repo/cluster.yaml';
  const ROWS = ['monitoring/node-exporter', 'monitoring/prometheus', 'shop/api', 'shop/db-0', 'shop/db-1', 'shop/report', 'shop/web'];

  test('text: one row per workload whose pods answer alike, what each row stands for, and the split ones', () => {
    const r = netpol(['matrix', DUMP, '--group', 'workload', '--ports', '3306']);
    expect(r.code).toBe(0);
    const table = r.stdout.split('\n\n')[1].split('\n');
    expect(table.map((l) => l.split(' ')[0])).toEqual(['3306/TCP', ...ROWS]);
    expect(table[0].split(/ +/).slice(1)).toEqual(ROWS);
    expect(table[6]).toBe('shop/report              1                        1                     .        .         1         1           .');
    expect(r.stdout).toMatch(/\n {2}shop\/web: Deployment\/web, 2 pods: shop\/web-7d9c8b5f64-8kz2q, shop\/web-7d9c8b5f64-x4m7n\n/);
    expect(r.stdout).toMatch(/\nsplit:\n {2}shop\/db \(StatefulSet\): its 2 pods differ, so each has its own row: shop\/report-29412360-hz6wt -> shop\/db-0 on 3306\/TCP is denied, -> shop\/db-1 is allowed\n$/);
  });

  test('json: the matrix document with rows by workload, what each stands for, and the split workloads', () => {
    const r = netpol(['matrix', DUMP, '--group', 'workload', '--format', 'json', '--ports', '8080,3306']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['pods', 'ports', 'results', 'rows', 'split']);
    expect(doc.pods).toEqual(ROWS);
    expect(doc.results).toHaveLength(ROWS.length * ROWS.length * 2);
    expect(doc.results).toContainEqual({ from: 'shop/web', to: 'shop/api', port: '8080/TCP', allowed: true });
    expect(doc.rows[0]).toEqual({ name: 'monitoring/node-exporter', workload: 'DaemonSet/node-exporter', endpoints: ['monitoring/node-exporter-kq8vd', 'monitoring/node-exporter-p2x7m'] });
    expect(doc.split).toHaveLength(1);
    // The same library call gives the same document.
    const lib = Reachability.fromYaml(fs.readFileSync(path.join(FIXTURES, DUMP), 'utf-8'));
    expect(doc).toEqual(lib.groupByWorkload(lib.matrixOn([{ port: 3306 }, { port: 8080 }])).toJson());
  });

  test('html: one page by workload, and the split workloads on standard error', () => {
    const out = path.join(tmp, 'by-workload.html');
    const r = netpol(['matrix', DUMP, '--group', 'workload', '--format', 'html', '-o', out]);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(out, 'utf-8');
    expect(html).toMatch(/"shop\/report"/);
    expect(html).not.toMatch(/shop\/report-29412360-hz6wt/);
    expect(r.stderr).toMatch(/netpol matrix: shop\/db \(StatefulSet\): its 2 pods differ/);
    expect(r.stderr).toMatch(/wrote .*by-workload\.html: 10 endpoints \(7 rows by workload\), /);
  });

  test('markdown: tables with rows by workload, then what each row stands for', () => {
    const r = netpol(['matrix', DUMP, '--group', 'workload', '--format', 'markdown', '--ports', '3306']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\| from \\ to \| monitoring\/node-exporter \| monitoring\/prometheus \| shop\/api \| shop\/db-0 \| shop\/db-1 \| shop\/report \| shop\/web \|\n/);
    expect(r.stdout).toMatch(/\n\| shop\/report \| ✓ \| ✓ \| ✗ \| ✗ \| ✓ \| ✓ \| ✗ \|\n/);
    expect(r.stdout).toMatch(/\n {2}shop\/report: CronJob\/report, 1 pod: shop\/report-29412360-hz6wt\n/);
  });

  test('fails with exit 2 on an unknown --group', () => {
    const r = netpol(['matrix', DUMP, '--group', 'namespace']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--group must be one of pod, workload, not "namespace"/);
  });
});
