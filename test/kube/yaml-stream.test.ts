// readYamlDocuments composes one document at a time; the reference is the whole-stream parseAllDocuments it
// replaced. Both must give the same documents, lines and first error (document, line, column, reason).
import * as fc from 'fast-check';
import { isMap, isSeq, LineCounter, Node, parseAllDocuments, stringify } from 'yaml';
import { Lines, readYamlDocuments, YamlSyntaxError } from '../../src/kube/yaml';

function linesOf(node: unknown, counter: LineCounter, fallback: number): Lines {
  const offset = (node as Node | undefined)?.range?.[0];
  const start = offset === undefined ? fallback : counter.linePos(offset).line;
  const list = isMap(node) ? node.get('items', true) : isSeq(node) ? node : undefined;
  return isSeq(list) ? { start, items: list.items.map((item) => linesOf(item, counter, start)) } : { start };
}

/** The previous reader, on parseAllDocuments. */
function reference(text: string): unknown {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      throw new YamlSyntaxError(i + 1, at?.line, at?.col, error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
    }
    const tree = linesOf(doc.contents, lines, lines.linePos(doc.range[0]).line);
    return { value: doc.toJS({ maxAliasCount: 1000 }), document: i + 1, line: tree.start, lines: tree };
  });
}

/** The documents, or the error as plain fields. */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    // toJS throws others (an alias to no anchor): the same one, at the same document, is expected.
    if (!(e instanceof YamlSyntaxError)) return { thrown: `${(e as Error).name}: ${(e as Error).message}` };
    return { error: e.message, document: e.document, line: e.line, column: e.column, reason: e.reason };
  }
}

const key = fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'labels', 'items', 'spec', 'app', 'on', 'yes', '0120', 'a b', '"q"');
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('on', 'off', '0120', '1e3', '- x', 'a: b', '#c', '|', '>'));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;
const list = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('List'), items: fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { maxLength: 4 }) });
/** A stream of documents, some empty or comments only, with a separator style each. */
const stream = fc.array(fc.tuple(fc.oneof(value, list), fc.constantFrom('---\n', '--- # c\n', '...\n---\n', '---\n\n# only a comment\n---\n')), { maxLength: 5 })
  .map((docs) => docs.map(([v, sep], i) => `${i > 0 ? sep : ''}${stringify(v, { lineWidth: 0 })}`).join(''));
/** Edits that break YAML in the ways people do: a tab indent, an unclosed flow, a duplicate key, a stray indent. */
const edit = fc.tuple(fc.nat(), fc.constantFrom('\t', '[', '{a: 1', '"', ' ', '  x: 1\n', 'kind: Dup\nkind: Dup\n', ': :', '&a ', '*a ', '%YAML 1.1\n', '!!str ', '\n---\n'));

describe('readYamlDocuments, one document at a time', () => {
  test('reads every stream as parseAllDocuments does: values, document numbers, lines of Lists', () => {
    fc.assert(fc.property(stream, (text) => {
      expect(outcome(() => readYamlDocuments(text))).toEqual(outcome(() => reference(text)));
    }), { numRuns: 300 });
  });

  test('reports the same first error, with its document, line and column, on broken streams', () => {
    let errors = 0;
    fc.assert(fc.property(stream, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
      let broken = text;
      for (const [at, piece] of edits) {
        const i = broken.length === 0 ? 0 : at % broken.length;
        broken = broken.slice(0, i) + piece + broken.slice(i);
      }
      const expected = outcome(() => reference(broken));
      if ((expected as { error?: string }).error !== undefined) errors++;
      expect(outcome(() => readYamlDocuments(broken))).toEqual(expected);
    }), { numRuns: 500 });
    // The edits do break streams, so the error path is compared too.
    expect(errors).toBeGreaterThan(50);
  });

  test('gives process.env back as it was, after a broken document too', () => {
    const env = process.env;
    readYamlDocuments('a: 1\n');
    expect(() => readYamlDocuments('a: 1\n---\nb: [1\n')).toThrow(YamlSyntaxError);
    expect(process.env).toBe(env);
  });
});
