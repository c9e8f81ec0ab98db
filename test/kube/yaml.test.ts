import { parse } from 'yaml';
import { parseYamlDocuments, readYamlDocuments, YamlSyntaxError } from '../../src/kube/yaml';

const PROTOTYPE_KEYS = ['toString', 'valueOf', 'constructor', 'hasOwnProperty', '__proto__'];

describe('the yaml package', () => {
  // What our decode relies on: the package stores `__proto__:` as an own key (as JSON.parse does),
  // never as the object's prototype.
  test('stores a __proto__ key as an own property, not as the prototype', () => {
    const value = parse('labels:\n  __proto__: {polluted: yes}\n', { version: '1.1' });
    expect(Object.getPrototypeOf(value.labels)).toBe(Object.prototype);
    expect(Object.keys(value.labels)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(value.labels, '__proto__')?.value).toEqual({ polluted: true });
    expect(value.labels.polluted).toBeUndefined();
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('readYamlDocuments', () => {
  test.each(PROTOTYPE_KEYS)('reads the key "%s" as a plain own key', (key) => {
    const [doc] = readYamlDocuments(`metadata:\n  labels:\n    ${key}: x\n    app: web\n`);
    const labels = (doc.value as any).metadata.labels;
    expect(Object.keys(labels)).toEqual([key, 'app']);
    expect(Object.getOwnPropertyDescriptor(labels, key)?.value).toBe('x');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  test('fails if a merge key (<<) with __proto__ sets a prototype', () => {
    const [doc] = readYamlDocuments('base: &b\n  __proto__: {kind: Pod}\nobject:\n  <<: *b\n  app: web\n');
    const object = (doc.value as any).object;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(object.kind).toBeUndefined();
    expect(Object.keys(object)).toEqual(['__proto__', 'app']);
  });

  test('reads YAML 1.1 as kubectl does: on/yes/off are booleans, 0120 is octal, quoted text stays text', () => {
    const [doc] = readYamlDocuments('a: on\nb: yes\nc: off\nd: 0120\ne: "on"\nf: "0120"\n');
    expect(doc.value).toEqual({ a: true, b: true, c: false, d: 80, e: 'on', f: '0120' });
  });

  test('numbers documents from 1, counting empty ones, with the line each starts on', () => {
    const docs = readYamlDocuments('a: 1\n---\n---\n# c\nb: 2\n');
    expect(docs.map((d) => [d.document, d.line, d.value])).toEqual([[1, 1, { a: 1 }], [2, 2, null], [3, 5, { b: 2 }]]);
  });

  test('reads a text starting with a byte-order mark', () => {
    expect(readYamlDocuments('\ufeffkind: Pod\n').map((d) => d.value)).toEqual([{ kind: 'Pod' }]);
  });

  test('reads an empty text as no documents', () => {
    expect(readYamlDocuments('')).toEqual([]);
  });

  test('resolves aliases', () => {
    expect(readYamlDocuments('a: &x {app: web}\nb: *x\n')[0].value).toEqual({ a: { app: 'web' }, b: { app: 'web' } });
  });

  test('fails if a syntax error is not reported with its document, line and column', () => {
    let error: unknown;
    try {
      readYamlDocuments('a: 1\n---\nb: [1\nc: 2\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(YamlSyntaxError);
    expect(error).toMatchObject({ document: 2, line: 4, column: 1 });
    expect((error as Error).message).toMatch(/^document 2: invalid YAML: line 4, column 1: /);
  });
});

describe('parseYamlDocuments', () => {
  test('returns the non-empty documents only', () => {
    expect(parseYamlDocuments('---\na: 1\n---\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test('fails with the file name, document and line on a syntax error', () => {
    expect(() => parseYamlDocuments('a: 1\n---\nb: [1\nc: 2\n', 'app.yaml')).toThrow(/^app\.yaml: cannot parse document 2 line 4, column 1: /);
  });
});
