// The one YAML reader of every tool: YAML 1.1 as kubectl reads it (an unquoted `on` or `yes` is a
// boolean, `0120` is octal), many documents per file, and the line each document starts on.
import { isMap, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';

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

/**
 * The lines of a JSON text's values, for messages; every line is 1 when the text cannot be read that way.
 * A scan of the text, not a YAML parse: a 50 MB `kubectl get -o json` dump takes a fraction of a second.
 */
export function jsonLines(text: string): Lines {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const space = () => {
    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 0x0a) line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
    }
  };
  // JSON strings hold no raw line breaks, so a string never moves the line.
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
    if (c === 0x7b /* { */) {
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
        pos++; // the colon
        space();
        const list = text.charCodeAt(pos) === 0x5b;
        const v = value();
        if (key === 'items') items = list ? v.items : undefined;
        space();
        if (text.charCodeAt(pos++) !== 0x2c) break;
      }
      return items ? { start, items } : { start };
    }
    if (c === 0x5b /* [ */) {
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
    else while (pos < text.length && !/[\s,\]}]/.test(text[pos])) pos++; // a number, true, false or null
    return { start };
  };
  try {
    return value();
  } catch {
    return { start: 1 };
  }
}

/** Parses every document of `text`; throws a YamlSyntaxError for the first broken one. */
export function readYamlDocuments(text: string): YamlDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter: lines });
  if (!Array.isArray(docs)) return []; // an empty stream
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
