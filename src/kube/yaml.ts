// The one YAML reader of every tool: YAML 1.1 as kubectl reads it (an unquoted `on` or `yes` is a
// boolean, `0120` is octal), many documents per file, and the line each document starts on.
import { isMap, isSeq, LineCounter, Node, parseAllDocuments, parseDocument } from 'yaml';

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

/** The lines of a JSON text's values, for messages; every line is 1 when the text cannot be read that way. */
export function jsonLines(text: string): Lines {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  return doc.errors.length > 0 ? { start: 1 } : linesOf(doc.contents, counter, 1);
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
