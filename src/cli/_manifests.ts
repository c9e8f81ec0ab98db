// Reads Kubernetes manifests from files and directories: multi-document YAML and JSON, `List` kinds
// flattened, every object tagged with where it came from. Shared by the `netpol` subcommands.
import * as fs from 'fs';
import * as path from 'path';
import { isList } from '../kube/objects';
import { show } from '../kube/quote';
import { decodeText, jsonLines, Lines, readYamlDocuments, stripBom, YamlSyntaxError } from '../kube/yaml';

export interface LoadedObject {
  /** The object (a mapping; a document that is a list or a plain value is an error, an empty one is skipped). */
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
  /** Files that were found, in the order read; each real file once, however many paths or links lead to it. */
  readonly files: string[];
  readonly errors: ManifestError[];
  /** What was skipped on purpose (a Helm chart's files): to print as warnings, not failures. */
  readonly warnings: string[];
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

function flatten(value: unknown, file: string, document: number, lines: Lines, out: LoadedObject[], within?: string): void {
  if (!isMapping(value)) return;
  if (isList(value)) {
    value.items.forEach((item: unknown, i: number) => flatten(item, file, document, lines.items?.[i] ?? lines, out, `${within ?? ''}.items[${i}]`));
  } else {
    out.push({ object: value, file, document, line: lines.start, ...(within === undefined ? {} : { within }) });
  }
}

const NOT_AN_OBJECT_FIX = 'kubectl rejects it too: write each object as its own document, separated by `---`, or list them under `items:` of a `kind: List`';

/** Why a top-level value is not a manifest, or undefined if it is one (a mapping) or nothing (an empty document). */
function notAnObject(value: unknown): string | undefined {
  if (value === null || value === undefined || isMapping(value)) return undefined;
  if (Array.isArray(value)) return `a list at the top level, not an object; ${NOT_AN_OBJECT_FIX}`;
  return `a plain value (${show(value)}), not an object; ${NOT_AN_OBJECT_FIX}`;
}

/**
 * Parses the text of one file. JSON files hold one object (or an array of them); YAML files any
 * number of documents. Throws a ManifestError naming the document and line of a syntax error, or of a
 * document that is a list or a plain value rather than an object (empty documents are skipped).
 */
export function parseManifests(text: string, file: string, json = false): LoadedObject[] {
  const out: LoadedObject[] = [];
  if (json) {
    // A byte-order mark is not JSON, but kubectl reads past it, as the YAML reader does.
    const content = stripBom(text);
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (e) {
      throw new ManifestError(file, `invalid JSON: ${(e as Error).message}`);
    }
    const lines = jsonLines(content, value);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const item = lines.items?.[i] ?? lines;
        const problem = notAnObject(v) ?? (v === null ? 'null, not an object' : undefined);
        if (problem) throw new ManifestError(file, `line ${item.start}: item ${i + 1} of the array: ${problem}`);
        flatten(v, file, i + 1, item, out);
      });
    } else {
      const problem = notAnObject(value) ?? (value === null ? 'null, not an object' : undefined);
      if (problem) throw new ManifestError(file, `line ${lines.start}: ${problem}`);
      flatten(value, file, 1, lines, out);
    }
    return out;
  }
  let docs;
  try {
    docs = readYamlDocuments(stripBom(text));
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new ManifestError(file, e.message);
    throw e;
  }
  for (const d of docs) {
    const problem = notAnObject(d.value);
    if (problem) throw new ManifestError(file, `line ${d.line} (document ${d.document}): ${problem}`);
    flatten(d.value, file, d.document, d.lines, out);
  }
  return out;
}

function hasManifestExtension(file: string): boolean {
  return EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** A manifest file found, and whether the path that found it is a symlink. */
interface Found {
  readonly file: string;
  readonly viaLink: boolean;
}

/** What one directory walk gathers. */
interface Walk {
  readonly found: Found[];
  readonly errors: ManifestError[];
  /** Helm charts skipped, as found. */
  readonly charts: string[];
  /** Real paths of the directories entered, so that a directory symlink loop ends. */
  readonly entered: Set<string>;
}

function byName(a: fs.Dirent, b: fs.Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A Helm chart: a `templates/` directory beside a `Chart.yaml`. Its templates are not YAML until rendered. */
function isHelmChart(dir: string, entries: fs.Dirent[]): boolean {
  if (!entries.some((e) => e.name === 'Chart.yaml')) return false;
  try {
    return fs.statSync(path.join(dir, 'templates'), { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * Manifest files below `dir`, depth first, sorted by name; hidden directories, node_modules and Helm charts are
 * skipped. A broken entry (a symlink loop, an unreadable directory) is an error for that entry; the walk goes on.
 */
function walk(dir: string, state: Walk): void {
  let entries: fs.Dirent[];
  try {
    const real = fs.realpathSync(dir);
    if (state.entered.has(real)) return; // a directory symlink loop
    state.entered.add(real);
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (e) {
    state.errors.push(new ManifestError(dir, describeError(e)));
    return;
  }
  if (isHelmChart(dir, entries)) {
    state.charts.push(dir);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.statSync(full, { throwIfNoEntry: false });
      } catch (e) {
        state.errors.push(new ManifestError(full, describeError(e)));
        continue;
      }
      isDir = stat?.isDirectory() ?? false;
      isFile = stat?.isFile() ?? false;
    }
    if (isDir && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, state);
    else if (isFile && hasManifestExtension(entry.name)) state.found.push({ file: full, viaLink: entry.isSymbolicLink() });
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'a symlink loop (too many levels of symbolic links): fix or remove the link';
    default: return err.message ?? String(e);
  }
}

const SEARCHED = EXTENSIONS.join(', ');
const STDIN_UTF16 = 'starts with a UTF-16 byte-order mark but was read as UTF-8, so its text is lost: '
  + 'give the file by name instead (files are decoded by their byte-order mark), or convert it to UTF-8 first';

/** Standard input's text: bytes are decoded as files are; a string is taken as read, unless it is UTF-16 read as UTF-8. */
function stdinText(input: string | Uint8Array): string {
  if (typeof input !== 'string') return decodeText(input);
  // FF FE and FE FF are not UTF-8: a UTF-8 reader turns either mark into two replacement characters.
  if (input.startsWith('\uFFFD\uFFFD')) throw new ManifestError('<stdin>', STDIN_UTF16);
  return stripBom(input);
}

/** A file to read: where it was found, its real path, and whether a symlink led to it. */
interface Source {
  readonly display: string;
  readonly real: string;
  readonly viaLink: boolean;
}

/**
 * Loads every manifest under `paths` (files, directories searched recursively, or `-` for standard
 * input). Named files are read whatever their extension; files are decoded by their byte-order mark as kubectl
 * does (UTF-8 without one). Each real file is read once, by the first path that is not a symlink to it.
 * Problems with one file do not stop the others. `readStdin` may return bytes (decoded like a file) or text.
 */
export function loadManifests(paths: string[], readStdin: () => string | Uint8Array = () => fs.readFileSync(0)): LoadResult {
  const objects: LoadedObject[] = [];
  const files: string[] = [];
  const errors: ManifestError[] = [];
  const warnings: string[] = [];
  const read = (display: string, json: boolean, text: () => string) => {
    files.push(display);
    try {
      // One object at a time: an argument spread of a large List overflows the stack.
      for (const o of parseManifests(text(), display, json)) objects.push(o);
    } catch (e) {
      errors.push(e instanceof ManifestError ? e : new ManifestError(display, describeError(e)));
    }
  };
  // In the order given: standard input, errors, and each real file by its first path, a symlink's only if all are.
  const order: Array<string | typeof STDIN | ManifestError> = [];
  const chosen = new Map<string, Source>();
  const add = (s: Source) => {
    const before = chosen.get(s.real);
    if (before === undefined) order.push(s.real);
    if (before === undefined || (before.viaLink && !s.viaLink)) chosen.set(s.real, s);
  };
  const charts = new Map<string, string>();
  for (const p of paths) {
    if (p === STDIN) {
      order.push(STDIN);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      order.push(new ManifestError(p, describeError(e)));
      continue;
    }
    if (stat.isDirectory()) {
      const state: Walk = { found: [], errors: [], charts: [], entered: new Set() };
      walk(p, state);
      for (const e of state.errors) order.push(e);
      for (const chart of state.charts) {
        const real = realpathOr(chart);
        if (!charts.has(real)) charts.set(real, chart);
      }
      for (const f of state.found) add({ display: f.file, real: realpathOr(f.file), viaLink: f.viaLink });
      if (state.found.length === 0 && state.errors.length === 0) {
        const why = state.charts.length > 0
          ? `no manifests outside the Helm ${state.charts.length === 1 ? 'chart' : 'charts'} skipped (see the warning)`
          : `no manifests in it: no ${SEARCHED} file in it or below (hidden directories and node_modules are not searched)`;
        order.push(new ManifestError(p, `${why}; give the files or a directory that holds them`));
      }
    } else {
      add({ display: p, real: realpathOr(p), viaLink: isSymlink(p) });
    }
  }
  for (const chart of charts.values()) {
    warnings.push(`skipping the Helm chart ${chart}: its templates are not manifests until Helm renders them; `
      + `check what it deploys with \`helm template ${chart} | netpol validate -\``);
  }
  for (const key of order) {
    if (key instanceof ManifestError) {
      errors.push(key);
      continue;
    }
    if (key === STDIN) {
      read('<stdin>', false, () => stdinText(readStdin()));
      continue;
    }
    const s = chosen.get(key)!;
    read(s.display, path.extname(s.display).toLowerCase() === '.json', () => decodeText(fs.readFileSync(s.display)));
  }
  return { objects, files, errors, warnings };
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
