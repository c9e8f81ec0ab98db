// One measured case per process, so that peak memory belongs to that case alone. The parent (run.ts) passes
// the case as JSON in argv[2]; the result is printed as one JSON line, prefixed with RESULT.
import * as v8 from 'v8';
import { parseAllDocuments } from 'yaml';
import { generateCluster } from './cluster';
import { naiveCounts } from './naive';
import { buildApp, manifestOf, intentOf, SHAPES, SynthCase, synthCase, setValidation } from './synth';
import { Reachability } from '../src';

export interface SynthRun extends SynthCase {
  readonly kind: 'synth';
}

export interface SynthCheck {
  readonly kind: 'synth-check';
  readonly n: number;
}

export interface AnalysisRun {
  readonly kind: 'analysis';
  readonly pods: number;
  readonly policies: number;
  readonly ports: readonly string[];
  /** Also run the naive evaluator and compare the allowed-pair counts. */
  readonly naive?: boolean;
}

export type BenchCase = SynthRun | SynthCheck | AnalysisRun;

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function memory(): { maxRssMb: number; heapTotalMb: number; heapUsedMb: number } {
  const heap = v8.getHeapStatistics();
  return {
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    // Committed heap: V8 grows it to hold the largest live set plus garbage, and rarely gives it back
    // within one synchronous run, so at the end it is close to the peak.
    heapTotalMb: heap.total_heap_size / 1024 / 1024,
    heapUsedMb: heap.used_heap_size / 1024 / 1024,
  };
}

function runSynth(c: SynthRun): object {
  // Warm-up in the same process (module loading, JIT) on a small app of the same kind, then the measured one.
  synthCase({ ...c, n: Math.min(c.n, 200) });
  global.gc?.();
  const restore = setValidation(c.validation !== false);
  try {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const app = buildApp(c);
    const buildMs = ms(started);
    const yaml = app.synthYaml();
    const totalMs = ms(started);
    const used = process.cpuUsage(cpu);
    // CPU time of the process (all threads, GC included): steadier than wall time on a busy machine.
    return { buildMs, synthMs: totalMs - buildMs, totalMs, cpuMs: (used.user + used.system) / 1000, bytes: yaml.length, ...memory() };
  } finally {
    restore();
  }
}

type Json = unknown;

/** Paths where two JSON values differ, with both values (leaves only). */
function differences(a: Json, b: Json, path = ''): { path: string; expected: Json; actual: Json }[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences((a as any)[k], (b as any)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
  }
  return [{ path, expected: a, actual: b }];
}

function withoutOurAnnotations(doc: any): any {
  const copy = JSON.parse(JSON.stringify(doc));
  for (const key of Object.keys(copy.metadata?.annotations ?? {})) if (key.startsWith('netpol.cdk8s.io/')) delete copy.metadata.annotations[key];
  if (copy.metadata?.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  return copy;
}

/** The fair-race check: this library and the raw objects write equal objects; how cdk8s-plus-28's differ. */
function runSynthCheck(c: SynthCheck): object {
  const docs = (impl: SynthCase['impl'], guardrails = false) => parseAllDocuments(synthCase({ impl, n: c.n, guardrails })).map((d) => d.toJSON());
  const raw = docs('raw');
  const ours = docs('this');
  const guarded = docs('this', true);
  const kplus = docs('kplus');
  const expected = Array.from({ length: c.n }, (_, i) => manifestOf(intentOf(i)));
  const unequal = (a: Json[], b: Json[]) => {
    if (a.length !== b.length) return [{ index: -1, path: '(documents)', expected: a.length, actual: b.length }];
    const out: { index: number; path: string; expected: Json; actual: Json }[] = [];
    a.forEach((doc, i) => { for (const d of differences(doc, b[i])) out.push({ index: i, ...d }); });
    return out;
  };
  const annotated = guarded.filter((d: any) => Object.keys(d.metadata?.annotations ?? {}).some((k) => k.startsWith('netpol.cdk8s.io/'))).length;
  // cdk8s-plus-28 cannot write some shapes identically: the differences of the first policy of each shape.
  const kplusByShape = SHAPES.map((shape, s) => ({ shape, differences: s < c.n ? differences(raw[s], kplus[s]) : [] }));
  return {
    n: c.n,
    rawMatchesIntent: unequal(expected, raw).slice(0, 5),
    thisVsRaw: unequal(raw, ours).slice(0, 5),
    guardrailsVsRaw: unequal(raw, guarded.map(withoutOurAnnotations)).slice(0, 5),
    guardrailsAnnotated: annotated,
    kplusSameCount: kplus.length === raw.length,
    kplusByShape,
  };
}

function runAnalysis(c: AnalysisRun): object {
  let started = process.hrtime.bigint();
  const manifests = generateCluster(c.pods, c.policies);
  const generateMs = ms(started);
  global.gc?.();
  started = process.hrtime.bigint();
  const reachability = Reachability.fromManifests(manifests);
  const loadMs = ms(started);
  const ports = c.ports.map((p) => Reachability.parsePort(p));
  started = process.hrtime.bigint();
  const matrix = reachability.matrixOn(ports);
  const counts = ports.map((p) => matrix.countAllowedOn(p));
  const matrixMs = ms(started);
  const pods = reachability.pods;
  // One check between two pods far apart in the sorted list (a web pod and a db pod, typically).
  started = process.hrtime.bigint();
  const verdict = reachability.check(pods[0], pods[Math.floor(pods.length / 2)], ports[0]);
  const checkMs = ms(started);
  const mem = memory();
  let naive: object | undefined;
  if (c.naive) {
    started = process.hrtime.bigint();
    const expected = naiveCounts(manifests, ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })));
    const naiveMs = ms(started);
    naive = { counts: expected, ms: naiveMs, agrees: expected.every((n, i) => n === counts[i]) };
  }
  return {
    podsLoaded: pods.length,
    policiesLoaded: reachability.policies.length,
    namespaces: reachability.namespaces.length,
    groups: matrix.groupCount,
    generateMs,
    loadMs,
    matrixMs,
    checkMs,
    checkAllowed: verdict.allowed,
    counts,
    naive,
    ...mem,
  };
}

function main(): void {
  const c = JSON.parse(process.argv[2]) as BenchCase;
  const result = c.kind === 'synth' ? runSynth(c) : c.kind === 'synth-check' ? runSynthCheck(c) : runAnalysis(c);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main();
