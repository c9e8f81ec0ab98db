// The manifest loader shared by the netpol subcommands (src/_manifests.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, locate, parseManifests } from '../../src/cli/_manifests';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');

describe('parseManifests', () => {
  test('locates objects by the line they start on, and skips empty and comment-only documents', () => {
    const objects = parseManifests('kind: A\n---\n---\n# only a comment\n---\nkind: B\n---\n', 'f.yaml');
    expect(objects.map(locate)).toEqual(['f.yaml:1', 'f.yaml:6']);
    expect(objects.map((o) => o.document)).toEqual([1, 4]);
    expect(objects.map((o) => o.object.kind)).toEqual(['A', 'B']);
  });

  test('flattens List kinds, nested ones too, keeping the item path and each item\'s own line', () => {
    const text = 'kind: List\nitems:\n  - kind: A\n  - kind: NetworkPolicyList\n    items:\n      - kind: B\n';
    expect(parseManifests(text, 'l.yaml').map((o) => `${locate(o)} ${o.object.kind}`)).toEqual(['l.yaml:3 A', 'l.yaml:6 B']);
    expect(parseManifests(text, 'l.yaml').map((o) => o.within)).toEqual(['.items[0]', '.items[1].items[0]']);
  });

  test('reads a JSON object or an array of objects', () => {
    expect(parseManifests('{"kind": "A"}', 'a.json', true).map(locate)).toEqual(['a.json:1']);
    expect(parseManifests('[{"kind": "A"},\n {"kind": "B"}]', 'b.json', true).map(locate)).toEqual(['b.json:1', 'b.json:2']);
    expect(parseManifests('{"kind": "List",\n "items": [\n  {"kind": "A"}]}', 'c.json', true).map(locate)).toEqual(['c.json:3']);
  });

  test('reads YAML 1.1 as kubectl does: yes/on are booleans, quoted they stay strings', () => {
    const [o] = parseManifests('a: on\nb: "on"\nc: yes\n', 'f.yaml');
    expect(o.object).toEqual({ a: true, b: 'on', c: true });
  });

  test('fails if a document has a syntax error, naming document and line', () => {
    expect(() => parseManifests('kind: A\n---\nkind: B\nkind: C\n', 'dup.yaml')).toThrow(/^dup\.yaml: document 2: invalid YAML: line 4, column 1: Map keys must be unique/);
    expect(() => parseManifests('{', 'x.json', true)).toThrow(/^x\.json: invalid JSON: /);
  });
});

describe('loadManifests', () => {
  test('searches directories recursively in name order, skipping hidden directories and other extensions', () => {
    const loaded = loadManifests([path.join(FIXTURES, 'valid')]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.files.map((f) => path.relative(FIXTURES, f))).toEqual([
      'valid/app.yaml', 'valid/calico.yaml', 'valid/nested/egress-list.yml', 'valid/office.json',
    ]);
  });

  test('reports unreadable paths and keeps loading the others', () => {
    const loaded = loadManifests([path.join(FIXTURES, 'missing.yaml'), path.join(FIXTURES, 'duplicates')]);
    expect(loaded.errors.map((e) => e.reason)).toEqual(['no such file or directory']);
    expect(loaded.objects).toHaveLength(2);
  });

  test('skips node_modules and survives a symlink loop', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-manifests-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), 'kind: Hidden\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'kind: A\n');
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    const loaded = loadManifests([dir]);
    expect(loaded.objects.map((o) => o.object.kind)).toEqual(['A']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reads "-" from standard input', () => {
    const loaded = loadManifests(['-'], () => 'kind: A\n');
    expect(loaded.objects.map(locate)).toEqual(['<stdin>:1']);
  });
});
