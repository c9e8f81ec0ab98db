// The one YAML reader of every tool: YAML 1.1 as kubectl reads it (an unquoted `on` or `yes` is a
// boolean, `0120` is octal), many documents per file, and the line each document starts on.
import { Composer, isMap, isSeq, LineCounter, Node, Parser } from 'yaml';

/**
 * The text of a manifest file's bytes, as kubectl reads them (`unicode.BOMOverride`): a byte-order mark picks
 * UTF-16LE (FF FE), UTF-16BE (FE FF) or UTF-8 (EF BB BF) and is dropped; without one the bytes are UTF-8.
 * PowerShell's `>` writes UTF-16LE with a mark.
 */
export function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return utf16le(buffer.subarray(2));
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2)); // a copy: the caller's bytes stay as they are
    for (let i = 0; i + 1 < swapped.length; i += 2) {
      const high = swapped[i];
      swapped[i] = swapped[i + 1];
      swapped[i + 1] = high;
    }
    return utf16le(swapped);
  }
  return stripBom(buffer.toString('utf8'));
}

/** UTF-16LE text; a last odd byte, half a character, is the replacement character as in a decoder. */
function utf16le(buffer: Buffer): string {
  const text = buffer.subarray(0, buffer.length - (buffer.length % 2)).toString('utf16le');
  return buffer.length % 2 === 1 ? `${text}\uFFFD` : text;
}

/** `text` without a leading byte-order mark (U+FEFF): not content, in YAML or in JSON as kubectl reads it. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A YAML syntax error, with where it is. */
export class YamlSyntaxError extends Error {
  constructor(
    public readonly document: number,
    public readonly line: number | undefined,
    public readonly column: number | undefined,
    public readonly reason: string,
  ) {
    super(`document ${document}: invalid YAML: ${line !== undefined ? `line ${line}, column ${column}: ` : ''}${reason}`);
  }
}

/** Where a value starts, and where each item of its `items` list (a `kind: List`) or of itself (a sequence) starts. */
export interface Lines {
  /** From 1. */
  readonly start: number;
  readonly items?: readonly Lines[];
}

export interface YamlDocument {
  /** The document's value (null for an empty document). */
  readonly value: unknown;
  /** Its number in the file, from 1 (empty documents count, so numbers match the `---`). */
  readonly document: number;
  /** The line its content starts on, from 1. */
  readonly line: number;
  /** Lines of the content and of the items of its Lists. */
  readonly lines: Lines;
}

function linesOf(node: unknown, counter: LineCounter, fallback: number): Lines {
  const offset = (node as Node | undefined)?.range?.[0];
  const start = offset === undefined ? fallback : counter.linePos(offset).line;
  const list = isMap(node) ? node.get('items', true) : isSeq(node) ? node : undefined;
  return isSeq(list) ? { start, items: list.items.map((item) => linesOf(item, counter, start)) } : { start };
}

/** A Lines being built: `start` holds a character offset until the offsets are turned into lines. */
interface OpenLines {
  start: number;
  items?: OpenLines[];
}

function isListValue(value: unknown): value is { items: unknown[] } {
  const v = value as { kind?: unknown; items?: unknown } | null;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

/**
 * The lines of a JSON text's values, for messages: of the text's value, of each item of a top-level array, and of
 * each item of a `kind: List` (nested Lists too); every line is 1 when the text cannot be read that way. `value` is
 * the text as JSON.parse read it: it tells which objects are Lists, so every other value is skipped by a bracket
 * count, and lines are counted once at the end from the offsets found. A 150 MB `kubectl get -o json` dump takes
 * a fraction of a second.
 */
export function jsonLines(text: string, value: unknown = JSON.parse(stripBom(text))): Lines {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const found: OpenLines[] = [];
  const space = () => {
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++pos));
  };
  /** From an opening quote to past the closing one: JSON strings hold no raw quote or line break. */
  const string = () => {
    let end = text.indexOf('"', pos + 1);
    for (;;) {
      if (end < 0) throw new Error('unterminated string');
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    pos = end + 1;
  };
  // Where the next of each structural character is, at or after `pos` (Infinity: none): indexOf is native and fast,
  // a loop over every character is not.
  const next = { q: -1, ob: -1, cb: -1, os: -1, cs: -1 };
  const find = (ch: string) => {
    const i = text.indexOf(ch, pos);
    return i < 0 ? Infinity : i;
  };
  /** Past a value whose lines are not needed. */
  const skip = () => {
    const c = text.charCodeAt(pos);
    if (c === 0x22) return string();
    if (c !== 0x7b && c !== 0x5b) {
      // a number, true, false or null
      for (let d = c; pos < text.length && d !== 0x2c && d !== 0x5d && d !== 0x7d && d !== 0x20 && d !== 0x0a && d !== 0x0d && d !== 0x09;) {
        d = text.charCodeAt(++pos);
      }
      return;
    }
    let depth = 0;
    do {
      if (next.q < pos) next.q = find('"');
      if (next.ob < pos) next.ob = find('{');
      if (next.cb < pos) next.cb = find('}');
      if (next.os < pos) next.os = find('[');
      if (next.cs < pos) next.cs = find(']');
      const at = Math.min(next.q, next.ob, next.cb, next.os, next.cs);
      if (at === Infinity) throw new Error('unexpected end');
      pos = at;
      if (at === next.q) {
        string();
        continue;
      }
      depth += at === next.ob || at === next.os ? 1 : -1;
      pos++;
    } while (depth > 0);
  };
  /** The lines of the items of the array at `pos`, whose parsed items are `items`. */
  const array = (items: readonly unknown[]): OpenLines[] => {
    pos++;
    const out: OpenLines[] = [];
    space();
    if (text.charCodeAt(pos) === 0x5d) {
      pos++;
      return out;
    }
    for (let i = 0; ; i++) {
      out.push(lines(items[i]));
      space();
      if (text.charCodeAt(pos++) !== 0x2c) break;
    }
    return out;
  };
  /** The lines of the value at `pos`, parsed as `parsed`. */
  const lines = (parsed: unknown): OpenLines => {
    space();
    if (pos >= text.length) throw new Error('unexpected end');
    const here: OpenLines = { start: pos };
    found.push(here);
    // The text decides, not `parsed` alone: an earlier duplicate `items` key is not the one JSON.parse kept.
    const c = text.charCodeAt(pos);
    if (c === 0x5b) {
      here.items = array(Array.isArray(parsed) ? parsed : []);
    } else if (c === 0x7b && isListValue(parsed)) {
      // The last `items` key is the one JSON.parse keeps.
      pos++;
      space();
      if (text.charCodeAt(pos) !== 0x7d) {
        for (;;) {
          space();
          const from = pos;
          string();
          const key = text.slice(from, pos);
          space();
          pos++; // the colon
          space();
          const isItems = key === '"items"' || (key.includes('\\') && JSON.parse(key) === 'items');
          if (isItems && text.charCodeAt(pos) === 0x5b) {
            here.items = array(parsed.items);
          } else {
            if (isItems) here.items = undefined;
            skip();
          }
          space();
          if (text.charCodeAt(pos++) !== 0x2c) break;
        }
      } else {
        pos++;
      }
      if (here.items === undefined) delete here.items;
    } else {
      skip();
    }
    return here;
  };
  try {
    lines(value);
  } catch {
    return { start: 1 };
  }
  // The offsets were found in order: count the line breaks between each and the next.
  let line = 1;
  let nl = text.indexOf('\n');
  for (const f of found) {
    for (; nl >= 0 && nl < f.start; nl = text.indexOf('\n', nl + 1)) line++;
    f.start = line;
  }
  return found[0];
}

/**
 * Runs `parse` with `process.env` a plain copy: the yaml package's parser reads `process.env.LOG_TOKENS` once per
 * token, and the real `process.env` answers each read in C++, a fifth of the time of parsing a large file.
 */
function withPlainEnv<T>(parse: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return parse();
  } finally {
    process.env = env;
  }
}

/**
 * Parses every document of `text`; throws a YamlSyntaxError for the first broken one. Documents are composed one at
 * a time and dropped once read, so a file of many documents never holds them all as YAML nodes at once.
 */
export function readYamlDocuments(text: string): YamlDocument[] {
  const lines = new LineCounter();
  const out: YamlDocument[] = [];
  withPlainEnv(() => {
    // What parseAllDocuments does, one document at a time.
    for (const doc of new Composer({ version: '1.1' }).compose(new Parser(lines.addNewLine).parse(text))) {
      const number = out.length + 1;
      const error = doc.errors[0];
      if (error) {
        const at = error.pos[0] === -1 ? undefined : lines.linePos(error.pos[0]);
        throw new YamlSyntaxError(number, at?.line, at?.col, error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
      }
      const tree = linesOf(doc.contents, lines, lines.linePos(doc.range[0]).line);
      out.push({ value: doc.toJS({ maxAliasCount: 1000 }), document: number, line: tree.start, lines: tree });
    }
  });
  return out;
}

/** The non-empty documents of `text` as plain objects; errors name the file, document and line. */
export function parseYamlDocuments(text: string, fileName = 'YAML'): unknown[] {
  try {
    return readYamlDocuments(text).map((d) => d.value).filter((v) => v !== null && v !== undefined);
  } catch (e) {
    if (!(e instanceof YamlSyntaxError)) throw e;
    const at = e.line !== undefined ? ` line ${e.line}, column ${e.column}` : '';
    throw new Error(`${fileName}: cannot parse document ${e.document}${at}: ${e.reason}`);
  }
}
