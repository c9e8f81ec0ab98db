// Reads Kubernetes manifests from files and directories: multi-document YAML and JSON, `List` kinds
// flattened, every object tagged with where it came from. Shared by the `netpol` subcommands.
import * as fs from 'fs';
import * as path from 'path';
import { jsonLines, Lines, readYamlDocuments, YamlSyntaxError } from '../kube/yaml';

export interface LoadedObject {
  /** The object (a mapping; documents that are not mappings are skipped). */
  readonly object: { [key: string]: any };
  /** The file as given or found (`<stdin>` for `-`). */
  readonly file: string;
  /** The document number in the file, from 1 (empty documents count, so numbers match the `---`). */
  readonly document: number;
  /** For objects inside a `List`, their path in it, e.g. `.items[2]`. */
  readonly within?: string;
  /** The line the object starts on, from 1 (for JSON, the document's first line). */
  readonly line: number;
}

/** A file that could not be read or parsed. */
export class ManifestError extends Error {
  constructor(public readonly file: string, public readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

export interface LoadResult {
  readonly objects: LoadedObject[];
  /** Files that were found, in the order read. */
  readonly files: string[];
  readonly errors: ManifestError[];
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];
export const STDIN = '-';

/** `file:line`, the location printed in messages: where an editor jumps to the object (a List item's own line). */
export function locate(o: LoadedObject): string {
  return `${o.file}:${o.line}`;
}

function isMapping(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `List` (v1 List, NetworkPolicyList, ...): its items are the objects. */
function isList(o: { [key: string]: any }): boolean {
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

function flatten(value: unknown, file: string, document: number, lines: Lines, out: LoadedObject[], within?: string): void {
  if (!isMapping(value)) return;
  if (isList(value)) {
    value.items.forEach((item: unknown, i: number) => flatten(item, file, document, lines.items?.[i] ?? lines, out, `${within ?? ''}.items[${i}]`));
  } else {
    out.push({ object: value, file, document, line: lines.start, ...(within === undefined ? {} : { within }) });
  }
}

/**
 * Parses the text of one file. JSON files hold one object (or an array of them); YAML files any
 * number of documents. Throws a ManifestError naming the document and line of a syntax error.
 */
export function parseManifests(text: string, file: string, json = false): LoadedObject[] {
  const out: LoadedObject[] = [];
  if (json) {
    let value: unknown;
    try {
      // A byte-order mark is not JSON, but kubectl reads past it, as the YAML reader does.
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new ManifestError(file, `invalid JSON: ${(e as Error).message}`);
    }
    const lines = jsonLines(text);
    if (Array.isArray(value)) value.forEach((v, i) => flatten(v, file, i + 1, lines.items?.[i] ?? lines, out));
    else flatten(value, file, 1, lines, out);
    return out;
  }
  let docs;
  try {
    docs = readYamlDocuments(text);
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new ManifestError(file, e.message);
    throw e;
  }
  for (const d of docs) flatten(d.value, file, d.document, d.lines, out);
  return out;
}

function hasManifestExtension(file: string): boolean {
  return EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** Manifest files below `dir`, depth first, sorted by name; hidden directories and node_modules are skipped. */
function walk(dir: string, seen: Set<string>, out: string[]): void {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      isDir = stat?.isDirectory() ?? false;
      isFile = stat?.isFile() ?? false;
    }
    if (isDir && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, seen, out);
    else if (isFile && hasManifestExtension(entry.name)) out.push(full);
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return err.message ?? String(e);
  }
}

/**
 * Loads every manifest under `paths` (files, directories searched recursively, or `-` for standard
 * input). Named files are read whatever their extension. Problems with one file do not stop the others.
 */
export function loadManifests(paths: string[], readStdin: () => string = () => fs.readFileSync(0, 'utf8')): LoadResult {
  const objects: LoadedObject[] = [];
  const files: string[] = [];
  const errors: ManifestError[] = [];
  const read = (file: string, display: string, text: () => string) => {
    files.push(display);
    try {
      objects.push(...parseManifests(text(), display, path.extname(file).toLowerCase() === '.json'));
    } catch (e) {
      errors.push(e instanceof ManifestError ? e : new ManifestError(display, describeError(e)));
    }
  };
  for (const p of paths) {
    if (p === STDIN) {
      read(p, '<stdin>', readStdin);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      errors.push(new ManifestError(p, describeError(e)));
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      try {
        walk(p, new Set(), found);
      } catch (e) {
        errors.push(new ManifestError(p, describeError(e)));
      }
      for (const file of found) read(file, file, () => fs.readFileSync(file, 'utf8'));
    } else {
      read(p, p, () => fs.readFileSync(p, 'utf8'));
    }
  }
  return { objects, files, errors };
}
