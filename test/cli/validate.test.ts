// `netpol` and `netpol validate` on the fixtures in test/fixtures/cli, run in-process through main().
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { netpol as run } from './_run';

function netpol(args: string[], input?: string) {
  const r = run(args, input);
  return { ...r, lines: r.stdout.split('\n').filter((l) => l !== '') };
}

/** `location: policy: field` of each output line, for exact assertions. */
function heads(lines: string[]): string[] {
  return lines.map((l) => l.split(': ').slice(0, 3).join(': '));
}

describe('netpol', () => {
  test('--help lists the subcommands and exits 0', () => {
    const r = netpol(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: netpol <command> \[options\] \[arguments\]/);
    expect(r.stdout).toMatch(/\n {2}validate {2}check NetworkPolicies in YAML\/JSON files/);
  });

  test('fails with usage (exit 2) if no command is given', () => {
    const r = netpol([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: netpol <command>/);
  });

  test('--version prints the version of the package', () => {
    expect(netpol(['--version'])).toMatchObject({ code: 0, stdout: `${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version}\n`, stderr: '' });
  });

  test('fails with exit 2 if the command is unknown', () => {
    const r = netpol(['lint', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol: unknown command "lint"/);
  });
});

describe('netpol validate', () => {
  test('--help and `netpol help validate` print its usage', () => {
    for (const args of [['validate', '--help'], ['validate', '-h'], ['help', 'validate']]) {
      const r = netpol(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: netpol validate \[--strict\] \[--ignore IDS\] \[--show-suppressed\] <file\|directory\|->\.\.\./);
      expect(r.stdout).toMatch(/Exit status: 0 if every NetworkPolicy is valid/);
    }
  });

  test('exits 0 and prints nothing on a directory of valid manifests (recursive, YAML, JSON, List, other kinds ignored)', () => {
    const r = netpol(['validate', 'valid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('netpol validate: 3 NetworkPolicies in 4 files: 0 invalid, 0 errors, 0 warnings\n');
  });

  test('exits 1 and prints one line per problem: file:line: namespace/name: field: message', () => {
    const r = netpol(['validate', 'invalid.yaml']);
    expect(r.code).toBe(1);
    expect(heads(r.lines)).toEqual([
      'invalid.yaml:17: shop/db: spec.ingress[0].ports[0].port',
      'invalid.yaml:17: shop/db: spec.ingress[0].ports[1].endPort',
      'invalid.yaml:17: shop/db: spec.ingress[0].from[0]',
      'invalid.yaml:44: Bad_Name: metadata.name',
      'invalid.yaml:44: Bad_Name: spec.policyTypes[0]',
    ]);
    expect(r.lines[0]).toMatch(/: 0 must be a whole number between 1 and 65535, inclusive$/);
    expect(r.lines[1]).toMatch(/: 3307 may not be specified when port is non-numeric \("mysql"\)/);
    expect(r.lines[2]).toMatch(/: must specify a peer/);
    expect(r.lines[3]).toMatch(/: "Bad_Name" must be a lowercase RFC 1123 subdomain/);
    expect(r.lines[4]).toMatch(/: "Ingres" is not supported: use Ingress or Egress/);
    expect(r.stderr).toBe('netpol validate: 3 NetworkPolicies in 1 file: 2 invalid, 5 errors, 0 warnings\n');
  });

  test('locates objects inside a List by their item', () => {
    const r = netpol(['validate', 'list-invalid.yaml']);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      'list-invalid.yaml:12: shop/bad-selector: spec.podSelector.matchExpressions[0].values: must be specified when operator is In: list at least one value, or use Exists/DoesNotExist',
    ]);
  });

  test('prints lint findings as warnings and still exits 0; the ignore annotation silences one policy', () => {
    const r = netpol(['validate', 'warnings.yaml']);
    expect(r.code).toBe(0);
    expect(heads(r.lines)).toEqual([
      'warnings.yaml:1: web/public: spec.ingress[0]',
      'warnings.yaml:1: web/public: spec.ingress[0].from[0].ipBlock.cidr',
    ]);
    expect(r.lines[0]).toMatch(/: warning NP002: allows every port of every protocol.*Fix: List the ports/);
    expect(r.lines[1]).toMatch(/: warning NP003: allows ingress from every IPv4 address \(0\.0\.0\.0\/0\)/);
    expect(r.stderr).toMatch(/: 0 invalid, 0 errors, 2 warnings, 1 suppressed \(--show-suppressed lists them\)\n$/);
  });

  test('--strict makes lint findings errors (exit 1)', () => {
    const r = netpol(['validate', '--strict', 'warnings.yaml']);
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => l.match(/(warning|error) NP\d+/)![0])).toEqual(['error NP002', 'error NP003']);
  });

  test('--ignore silences lints everywhere', () => {
    const r = netpol(['validate', '--strict', '--ignore', 'np002', '--ignore=NP003', 'warnings.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  test('checks names across files (duplicates)', () => {
    const r = netpol(['validate', 'duplicates']);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      expect.stringMatching(/^duplicates\/b\.yaml:1: shop\/deny-all: metadata\.name: warning NP007: "deny-all" is also the name of the NetworkPolicy at duplicates\/a\.yaml:1 in namespace "shop"/),
    ]);
  });

  test('reads standard input for "-"', () => {
    const r = netpol(['validate', '-'], 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  policyTypes: [Ingress]\n  ingress: [{ports: [{port: 70000}]}]\n');
    expect(r.code).toBe(1);
    expect(heads(r.lines)).toEqual(['<stdin>:1: p: spec.ingress[0].ports[0].port']);
  });

  test('accepts a `kubectl get netpol -A -o yaml` dump: server-filled metadata and status', () => {
    const dump = [
      'apiVersion: v1',
      'kind: List',
      'metadata: {resourceVersion: ""}',
      'items:',
      '- apiVersion: networking.k8s.io/v1',
      '  kind: NetworkPolicy',
      '  metadata:',
      '    annotations:',
      '      kubectl.kubernetes.io/last-applied-configuration: |',
      '        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"annotations":{},"name":"deny-all","namespace":"shop"},"spec":{"podSelector":{},"policyTypes":["Ingress"]}}',
      '    creationTimestamp: "2024-05-01T12:00:00Z"',
      '    generation: 1',
      '    managedFields:',
      '    - apiVersion: networking.k8s.io/v1',
      '      fieldsType: FieldsV1',
      '      fieldsV1: {"f:spec": {"f:policyTypes": {}}}',
      '      manager: kubectl-client-side-apply',
      '      operation: Update',
      '      time: "2024-05-01T12:00:00Z"',
      '    name: deny-all',
      '    namespace: shop',
      '    resourceVersion: "4242"',
      '    uid: 3f1c2a7e-9d7b-4c1e-8f3a-2b6d5e4c3a21',
      '  spec:',
      '    podSelector: {}',
      '    policyTypes: [Ingress]',
      '  status: {}',
      '',
    ].join('\n');
    const r = netpol(['validate', '-'], dump);
    expect(r.lines).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 NetworkPolicy in 1 file: 0 invalid, 0 errors, 0 warnings\n$/);
  });

  describe('host bits set in an ipBlock (10.0.1.1/4, as the Kubernetes e2e suite writes it)', () => {
    const hostBits = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: e2e, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.1.1/4, except: [10.0.1.1/24]}}], ports: [{port: 53, protocol: UDP}]}]\n';

    test('is a warning naming the network the server uses (exit 0)', () => {
      const r = netpol(['validate', '--ignore', 'NP005', '-'], hostBits);
      expect(r.code).toBe(0);
      expect(heads(r.lines)).toEqual(['<stdin>:1: shop/e2e: spec.egress[0].to[0].ipBlock.cidr', '<stdin>:1: shop/e2e: spec.egress[0].to[0].ipBlock.except[0]']);
      expect(r.lines[0]).toMatch(/: warning NP011: CIDR "10\.0\.1\.1\/4" has bits set beyond the prefix length: the API server accepts it with a warning and uses the network "0\.0\.0\.0\/4"/);
      expect(r.lines[1]).toMatch(/: warning NP011: CIDR "10\.0\.1\.1\/24" .* uses the network "10\.0\.1\.0\/24"/);
      expect(r.stderr).toMatch(/: 0 invalid, 0 errors, 2 warnings, 1 suppressed /);
    });

    test('fails with --strict (strict IP validation, KEP-4858)', () => {
      const r = netpol(['validate', '--strict', '--ignore', 'NP005', '-'], hostBits);
      expect(r.code).toBe(1);
      expect(r.lines.map((l) => l.match(/(warning|error) NP\d+/)![0])).toEqual(['error NP011', 'error NP011']);
      expect(r.stderr).toMatch(/: 0 invalid, 2 errors, 0 warnings, 1 suppressed /);
    });
  });

  test('reads YAML as kubectl does (YAML 1.1): an unquoted "on" is a boolean, not a label value', () => {
    const r = netpol(['validate', '-'], 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  labels: {feature: on}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n');
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(['<stdin>:1: p: metadata.labels["feature"]: true must be a string (YAML 1.1 reads an unquoted true, yes, on, y as the boolean true: quote the value as written, e.g. "on")']);
  });

  test('fails if the hint for `version: 1.10` suggests "1.1", which changes the value', () => {
    const r = netpol(['validate', '-'], 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  labels: {version: 1.10}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n');
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(['<stdin>:1: p: metadata.labels["version"]: 1.1 must be a string (YAML reads it unquoted as the number 1.1: quote the value exactly as written in the YAML, since 1.10 reads as the number 1.1 and 010 as 8)']);
  });

  test('fails with exit 2 and a clear message, no stack trace, on unparsable YAML or JSON, still checking the other files', () => {
    const r = netpol(['validate', 'broken.yaml', 'broken.json', 'invalid.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol validate: cannot read broken\.yaml: document 1: invalid YAML: line 6, column 1: /);
    expect(r.stderr).toMatch(/\nnetpol validate: cannot read broken\.json: invalid JSON: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.lines).toHaveLength(5);
  });

  test('fails with exit 2 on a missing file', () => {
    const r = netpol(['validate', 'missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('netpol validate: cannot read missing.yaml: no such file or directory\n');
  });

  test('fails with exit 2 on usage errors', () => {
    expect(netpol(['validate'])).toMatchObject({ code: 2, stderr: 'netpol validate: no files or directories given\nRun `netpol validate --help` for usage.\n' });
    expect(netpol(['validate', '--stric', 'valid'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^netpol validate: unknown option --stric \(did you mean --strict\?\)\n/) });
    expect(netpol(['validate', '--strict=yes', 'valid'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^netpol validate: option --strict takes no value\n/) });
    expect(netpol(['validate', '--ignore'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/option --ignore needs a value/) });
    expect(netpol(['validate', '--ignore', 'NP999', 'valid'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown lint "NP999"/) });
  });
});

describe('netpol validate on input kubectl cannot read either', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-validate-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fails with exit 2, naming the line, on a List whose items is not a list', () => {
    const file = path.join(dir, 'list.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: List\nitems:\n  kind: NetworkPolicy\n');
    const r = netpol(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol validate: cannot read .*list\.yaml:1: a List whose items is not a list \(object\): write items as a YAML list/);
  });

  test('fails with exit 2 on a namespace YAML 1.1 reads as a boolean (namespace: y), instead of skipping the policy', () => {
    const file = path.join(dir, 'ns.yaml');
    fs.writeFileSync(file, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: y\nspec: { podSelector: {} }\n');
    const r = netpol(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol validate: cannot read .*ns\.yaml:1: a NetworkPolicy whose metadata\.namespace is true, not a string: quote it in YAML/);
  });

  test('fails if a NetworkPolicy names no apiVersion (it is not another group\'s kind)', () => {
    const file = path.join(dir, 'np.yaml');
    fs.writeFileSync(file, 'kind: NetworkPolicy\nmetadata: { name: p, namespace: s }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n');
    const r = netpol(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/np\.yaml:1: s\/p: apiVersion: undefined must be "networking\.k8s\.io\/v1"/);
  });

  test('reads JSON with a byte-order mark, as YAML already is', () => {
    const file = path.join(dir, 'bom.json');
    fs.writeFileSync(file, '\uFEFF{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "p", "namespace": "s"}, "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}');
    const r = netpol(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 NetworkPolicy in 1 file: 0 invalid/);
  });
});
