// The one YAML reader of every tool: YAML 1.1 as kubectl reads it (an unquoted `on` or `yes` is a
// boolean, `0120` is octal), many documents per file, and the line each document starts on.
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';

/** A YAML syntax error, with where it is. */
export class YamlSyntaxError extends Error {
  constructor(public readonly document: number, public readonly line: number | undefined, public readonly column: number | undefined, public readonly reason: string) {
    super(`document ${document}: invalid YAML: ${line !== undefined ? `line ${line}, column ${column}: ` : ''}${reason}`);
  }
}

export interface YamlDocument {
  /** The document's value (null for an empty document). */
  readonly value: unknown;
  /** Its number in the file, from 1 (empty documents count, so numbers match the `---`). */
  readonly document: number;
  /** The line its content starts on, from 1. */
  readonly line: number;
  /** For a top-level `items` list, the line each item starts on. */
  readonly itemLines?: readonly number[];
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
    const contents = doc.contents;
    const start = contents?.range?.[0] ?? doc.range[0];
    let itemLines: number[] | undefined;
    if (isMap(contents)) {
      const items = contents.get('items', true);
      if (isSeq(items)) itemLines = items.items.map((item) => lines.linePos((item as { range?: [number, number, number] }).range?.[0] ?? start).line);
    }
    return {
      value: doc.toJS({ maxAliasCount: 1000 }),
      document: i + 1,
      line: lines.linePos(start).line,
      ...(itemLines ? { itemLines } : {}),
    };
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
