// Loading what people actually have: huge Lists, UTF-16 from PowerShell, empty directories, symlinks,
// Helm charts beside manifests, and documents that are not objects (issue 10, "Loading is fragile").
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { netpol } from './_run';
import { loadManifests, locate, parseManifests } from '../../src/cli/_manifests';

const POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: deny, namespace: shop}',
  'spec: {podSelector: {}, policyTypes: [Ingress]}',
  '',
].join('\n');
const INVALID_POLICY = POLICY.replace('policyTypes: [Ingress]', 'policyTypes: [Sideways]');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-loading-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (relative path -> text or bytes) below the temporary directory; returns the directory. */
function tree(files: { [file: string]: string | Buffer }): string {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function utf16be(text: string): Buffer {
  return Buffer.from(Buffer.from(text, 'utf16le')).swap16();
}

describe('a large List', () => {
  test('loads 200,000 objects from one file, each with its own line', () => {
    const items = Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } }));
    const file = path.join(dir, 'big.json');
    fs.writeFileSync(file, `{"apiVersion": "v1", "kind": "List", "items": [\n${items.join(',\n')}\n]}\n`);
    const loaded = loadManifests([file]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects).toHaveLength(200_000);
    expect(locate(loaded.objects[199_999])).toBe(`${file}:200001`);
    expect(loaded.objects[199_999].object.metadata.name).toBe('c199999');
  }, 20_000);
});

describe('encodings', () => {
  test('decodes UTF-16LE and UTF-16BE files by their byte-order mark, as kubectl does', () => {
    tree({
      'le.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]),
      'be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(POLICY.replace('deny', 'deny-be'))]),
    });
    const loaded = loadManifests([dir]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => `${path.basename(locate(o))} ${o.object.metadata.name}`)).toEqual(['be.yaml:1 deny-be', 'le.yaml:1 deny']);
  });

  test('fails if a UTF-16 file (PowerShell\'s `>`) holds an invalid policy: it is validated, not passed as empty', () => {
    tree({ 'ps.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(INVALID_POLICY, 'utf16le')]) });
    const r = netpol(['validate', path.join(dir, 'ps.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ps\.yaml:1: shop\/deny: spec\.policyTypes\[0\]: /);
    expect(r.stderr).not.toMatch(/no NetworkPolicy found/);
  });

  test('reads past a UTF-8 byte-order mark in YAML and in JSON', () => {
    tree({
      'a.yaml': `\ufeff${POLICY}`,
      'b.json': `\ufeff${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } })}`,
    });
    const loaded = loadManifests([dir]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => o.object.kind)).toEqual(['NetworkPolicy', 'ConfigMap']);
  });

  test('decodes standard input given as bytes like a file', () => {
    const loaded = loadManifests(['-'], () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: A\n', 'utf16le')]));
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map(locate)).toEqual(['<stdin>:1']);
  });

  test('fails if standard input is UTF-16 already read as UTF-8, saying so instead of finding nothing', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POLICY, 'utf16le')]);
    const r = netpol(['validate', '-'], bytes.toString('utf8'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol validate: cannot read <stdin>: starts with a UTF-16 byte-order mark but was read as UTF-8.*give the file by name/);
  });
});

describe('directories', () => {
  test('fails if a directory is empty, naming it and the extensions searched', () => {
    const r = netpol(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`netpol validate: cannot read ${dir}: no manifests in it: no .yaml, .yml, .json file in it or below`
      + ' (hidden directories and node_modules are not searched); give the files or a directory that holds them\n');
  });

  test('fails if a directory holds no manifests, for matrix too', () => {
    tree({ 'README.md': '# docs\n', 'sub/notes.txt': 'x\n' });
    const r = netpol(['matrix', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^netpol matrix: cannot read ${dir}: no manifests in it: no \\.yaml, \\.yml, \\.json file`));
  });

  test('reads a file that a symlink in the tree also leads to once, by its own path', () => {
    tree({ 'real.yaml': POLICY });
    fs.symlinkSync(path.join(dir, 'real.yaml'), path.join(dir, 'a-link.yaml'));
    const loaded = loadManifests([dir, path.join(dir, 'real.yaml'), path.join(dir, 'a-link.yaml')]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.files).toEqual([path.join(dir, 'real.yaml')]);
    expect(loaded.objects).toHaveLength(1);
    const r = netpol(['validate', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NP007/);
  });

  test('fails if a file symlink loops, for that entry only: the rest of the walk is read', () => {
    tree({ 'ok.yaml': POLICY });
    fs.symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
    fs.symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'));
    const loaded = loadManifests([dir]);
    expect(loaded.errors.map((e) => `${path.basename(e.file)}: ${e.reason}`)).toEqual([
      'a.yaml: a symlink loop (too many levels of symbolic links): fix or remove the link',
      'b.yaml: a symlink loop (too many levels of symbolic links): fix or remove the link',
    ]);
    expect(loaded.files).toEqual([path.join(dir, 'ok.yaml')]);
  });
});

describe('Helm charts', () => {
  const chart = {
    'policies.yaml': POLICY,
    'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    'chart/values.yaml': 'replicas: 2\n',
    'chart/templates/np.yaml': '{{- if .Values.policy }}\nkind: NetworkPolicy\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n',
    'chart/templates/more.yaml': '{{ include "x" . }}\n',
    'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'chart/charts/sub/templates/a.yaml': '{{ .Values.x }}: [\n',
  };

  test('skips a chart\'s files with one warning that suggests helm template, and reads the rest', () => {
    tree(chart);
    const r = netpol(['validate', dir]);
    const at = path.join(dir, 'chart');
    expect(r.stderr).toBe(`netpol validate: warning: skipping the Helm chart ${at}: its templates are not manifests until Helm renders them;`
      + ` check what it deploys with \`helm template ${at} | netpol validate -\`\n`
      + 'netpol validate: 1 NetworkPolicy in 1 file: 0 invalid, 0 errors, 0 warnings\n');
    expect(r.code).toBe(0);
  });

  test('fails if another file is unparsable: only chart files are skipped', () => {
    tree({ ...chart, 'broken.yaml': 'kind: [\n' });
    const r = netpol(['matrix', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol matrix: warning: skipping the Helm chart .*\/chart: /);
    expect(r.stderr).toMatch(/\nnetpol matrix: cannot read .*\/broken\.yaml: document 1: invalid YAML: /);
    expect(r.stderr.match(/Helm chart/g)).toHaveLength(1);
  });
});

describe('documents that are not objects', () => {
  test('fails if a YAML document is a list at the top level, naming its line and the fix', () => {
    expect(() => parseManifests('kind: A\n---\n# two pods\n- kind: Pod\n- kind: Pod\n', 'seq.yaml'))
      .toThrow(/^seq\.yaml: line 4 \(document 2\): a list at the top level, not an object; kubectl rejects it too: .*`---`.*`kind: List`$/);
  });

  test('fails if a YAML document is a plain value, quoting it', () => {
    expect(() => parseManifests('kind: A\n---\nplain text\n', 'text.yaml')).toThrow(/^text\.yaml: line 3 \(document 2\): a plain value \("plain text"\), not an object; /);
    expect(() => parseManifests('"x"', 'q.json', true)).toThrow(/^q\.json: line 1: a plain value \("x"\), not an object; /);
  });

  test('fails if a list document is in a file validate reads, with exit 2', () => {
    tree({ 'seq.yaml': `- ${POLICY.split('\n').join('\n  ')}` });
    const r = netpol(['validate', path.join(dir, 'seq.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^netpol validate: cannot read .*seq\.yaml: line 1 \(document 1\): a list at the top level, not an object; /);
  });

  test('still reads a JSON array of objects, and empty documents', () => {
    expect(parseManifests('[{"kind": "A"},\n {"kind": "B"}]', 'b.json', true).map((o) => o.object.kind)).toEqual(['A', 'B']);
    expect(parseManifests('---\n---\n# nothing\n', 'e.yaml')).toEqual([]);
  });
});
