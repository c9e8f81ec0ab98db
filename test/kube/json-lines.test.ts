// The JSON line finder (jsonLines) against a reference: the full scan it replaced, which reads every value.
// Both must give the same line to every object a manifest loader reports (top-level array items, List items,
// nested Lists), on any JSON text: any whitespace, brackets and quotes in strings, escaped keys, duplicate keys.
import * as fc from 'fast-check';
import { parseManifests } from '../../src/cli/_manifests';
import { jsonLines, Lines } from '../../src/kube/yaml';

/** The reference: the previous reader, a recursive scan of every value, line by line. */
function referenceLines(text: string): Lines {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const space = () => {
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x0a) line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
    }
  };
  const string = (): string => {
    const from = pos++;
    while (pos < text.length && text.charCodeAt(pos) !== 0x22) pos += text.charCodeAt(pos) === 0x5c ? 2 : 1;
    pos++;
    return JSON.parse(text.slice(from, pos));
  };
  const value = (): Lines => {
    space();
    if (pos >= text.length) throw new Error('unexpected end');
    const start = line;
    const c = text.charCodeAt(pos);
    if (c === 0x7b) {
      pos++;
      let items: readonly Lines[] | undefined;
      space();
      if (text.charCodeAt(pos) === 0x7d) {
        pos++;
        return { start };
      }
      for (;;) {
        space();
        const key = string();
        space();
        pos++;
        space();
        const list = text.charCodeAt(pos) === 0x5b;
        const v = value();
        if (key === 'items') items = list ? v.items : undefined;
        space();
        if (text.charCodeAt(pos++) !== 0x2c) break;
      }
      return items ? { start, items } : { start };
    }
    if (c === 0x5b) {
      pos++;
      const items: Lines[] = [];
      space();
      if (text.charCodeAt(pos) === 0x5d) {
        pos++;
      } else {
        for (;;) {
          items.push(value());
          space();
          if (text.charCodeAt(pos++) !== 0x2c) break;
        }
      }
      return { start, items };
    }
    if (c === 0x22) string();
    else while (pos < text.length && !/[\s,\]}]/.test(text[pos])) pos++;
    return { start };
  };
  try {
    return value();
  } catch {
    return { start: 1 };
  }
}

const isList = (v: any) => typeof v === 'object' && v !== null && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);

/** What a loader reads of the lines: the value's, each top-level item's, and each List item's, recursively. */
function used(value: unknown, lines: Lines, path = ''): string[] {
  const out = [`${path || '.'} ${lines.start}`];
  const items = Array.isArray(value) && path === '' ? value : isList(value) ? (value as any).items : undefined;
  if (items) items.forEach((item: unknown, i: number) => out.push(...used(item, lines.items?.[i] ?? lines, `${path}[${i}]`)));
  return out;
}

/** JSON text of `value` with whitespace from `spaces` between tokens, and keys written by `key`. */
function serialize(value: unknown, spaces: string[], key: (k: string) => string = (k) => JSON.stringify(k)): string {
  let n = 0;
  const ws = () => spaces[n++ % spaces.length];
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return v.length === 0 ? `[${ws()}]` : `[${v.map((x) => `${ws()}${write(x)}${ws()}`).join(',')}]`;
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      if (entries.length === 0) return `{${ws()}}`;
      return `{${entries.map(([k, x]) => `${ws()}${key(k)}${ws()}:${ws()}${write(x)}${ws()}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  return `${ws()}${write(value)}${ws()}`;
}

const whitespace = fc.array(fc.constantFrom('', ' ', '\n', '    ', '\r\n', '\t', '\n\n  '), { minLength: 1, maxLength: 12 });
/** Strings that trip a scanner: quotes, backslashes, brackets, escapes, non-ASCII. */
const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', 'a"b\\', '\\\\', '\u2028', 'é', '\u{1F600}', 'items', 'List', '{"items": [1,'),
);
const leaf = fc.oneof(tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const manifest = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(tricky, tie('value'), { maxKeys: 3 }), tie('object'), tie('list')),
  object: fc.record({ kind: fc.constantFrom('Pod', 'NetworkPolicy', 'ConfigMap'), metadata: fc.record({ name: tricky }), spec: tie('value') }, { requiredKeys: ['kind'] }),
  list: fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constantFrom('List', 'PodList', 'NetworkPolicyList'),
    items: fc.array(fc.oneof(tie('object'), tie('list'), leaf), { maxLength: 4 }),
    metadata: fc.record({ resourceVersion: fc.constant(''), items: tie('value') }, { requiredKeys: [] }),
  }),
}));
const document = fc.oneof(manifest.list, manifest.object, fc.array(fc.oneof(manifest.object, manifest.list, leaf), { maxLength: 4 }), manifest.value);

describe('jsonLines', () => {
  test('gives every object a loader reports the line the full scan gives, on any JSON text', () => {
    fc.assert(fc.property(document, whitespace, fc.boolean(), (value, spaces, bom) => {
      const text = (bom ? '\ufeff' : '') + serialize(value, spaces);
      const parsed = JSON.parse(text.replace(/^\ufeff/, ''));
      expect(used(parsed, jsonLines(text, parsed))).toEqual(used(parsed, referenceLines(text)));
    }), { numRuns: 500 });
  });

  test('finds the items of a List whose `items` key is escaped, or given twice (the last one counts, as in JSON.parse)', () => {
    fc.assert(fc.property(manifest.list, whitespace, fc.constantFrom('"items"', '"\\u0069tems"', '"it\\u0065ms"'), (list, spaces, itemsKey) => {
      const text = serialize(list, spaces, (k) => (k === 'items' ? itemsKey : JSON.stringify(k)));
      const parsed = JSON.parse(text);
      expect(used(parsed, jsonLines(text, parsed))).toEqual(used(parsed, referenceLines(text)));
      // An earlier `items` array that JSON.parse drops.
      const twice = text.replace(/^(\s*)\{/, `$1{${spaces[0]}"items": [{"kind": "List", "items": [{}, {}, {}]},\n 1, {}],\n`);
      const kept = JSON.parse(twice);
      expect(used(kept, jsonLines(twice, kept))).toEqual(used(kept, referenceLines(twice)));
    }), { numRuns: 300 });
  });

  test('locates the items of a pretty-printed kubectl List, each on its own line', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod', metadata: { name: 'a{"' } }, { kind: 'PodList', items: [{ kind: 'Pod' }] }] };
    const text = JSON.stringify(list, null, 4);
    // Line of `{` of each item, counted from the text itself.
    const lineOf = (needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length;
    const objects = parseManifests(text, 'pods.json', true);
    expect(objects.map((o) => [o.within, o.line])).toEqual([
      ['.items[0]', lineOf('{\n            "kind": "Pod"')],
      ['.items[1].items[0]', lineOf('{\n                    "kind": "Pod"')],
    ]);
    expect(objects[1].line).toBeGreaterThan(objects[0].line);
  });

  test('counts lines the same after a BOM, with CRLF line ends, and on one long line', () => {
    const list = { kind: 'List', items: [{ kind: 'A' }, { kind: 'B' }] };
    expect(parseManifests(`\ufeff${JSON.stringify(list, null, 2).replace(/\n/g, '\r\n')}`, 'crlf.json', true).map((o) => o.line)).toEqual([4, 7]);
    expect(parseManifests(JSON.stringify(list), 'one.json', true).map((o) => o.line)).toEqual([1, 1]);
  });
});
