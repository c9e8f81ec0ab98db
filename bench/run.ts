// `npm run bench`: synth side by side with cdk8s-plus-28 and raw ApiObjects, and the analyzer on generated
// clusters. Every measured case runs in its own child process (fair peak memory), cases are interleaved
// round by round, each child warms up before it measures, and the figures are medians over the rounds.
//
//   npm run bench                     full run (about 10-15 minutes): bench/results.json, docs/BENCHMARKS.md, docs/*.svg
//   npm run bench -- --quick          smoke run (under a minute): writes to bench/out/, never asserts times
//   npm run bench -- --quick --write  a smoke run that does overwrite the committed results and docs
//   npm run bench -- --only synth     only one part (synth or analysis)
//
// Exits non-zero only when something is wrong: this library and the raw objects write different objects,
// the analyzer disagrees with the naive evaluator, or a case crashes. Missed time targets are reported, not fatal.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildForChildren } from './build';
import type { BenchCase } from './child';
import { AnalysisCaseResult, BenchResults, Machine, SynthCaseResult, writeReport } from './report';

const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const WRITE = !QUICK || argv.includes('--write');
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const ONE_PORT = ['8080/TCP'];
const FIVE_PORTS = ['8080/TCP', '9090/TCP', '5432/TCP', '53/UDP', '443/TCP'];

const plan = QUICK
  ? {
    synthSizes: [100, 1000],
    synthRuns: (_n: number) => 1,
    checkN: 300,
    analysis: [
      { pods: 1000, policies: 100, naive: true },
      { pods: 3000, policies: 300, naive: false, onePortOnly: true },
    ],
    analysisRuns: 1,
    timeoutMs: 60_000,
  }
  : {
    synthSizes: [100, 1000, 10_000],
    synthRuns: (n: number) => (n >= 10_000 ? 3 : 5),
    checkN: 10_000,
    analysis: [
      { pods: 1000, policies: 100, naive: true },
      { pods: 1000, policies: 1000, naive: true },
      { pods: 10_000, policies: 1000, naive: false },
      { pods: 10_000, policies: 10_000, naive: false },
      { pods: 100_000, policies: 1000, naive: false },
      { pods: 100_000, policies: 10_000, naive: false },
    ],
    analysisRuns: 3,
    timeoutMs: 300_000,
  };

const SYNTH_VARIANTS = [
  { variant: 'raw', impl: 'raw' },
  { variant: 'cdk8s-plus-28', impl: 'kplus' },
  { variant: 'this', impl: 'this' },
  { variant: 'this, validation off', impl: 'this', validation: false },
  { variant: 'this + guardrails', impl: 'this', guardrails: true },
] as const;

const childEntry = path.join(ROOT, 'bench', 'out', 'build', 'bench', 'child.js');

interface ChildOutcome {
  readonly ok: boolean;
  readonly result?: any;
  readonly error?: string;
  readonly wallMs: number;
}

function runChild(c: BenchCase): ChildOutcome {
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', childEntry, JSON.stringify(c)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: plan.timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Date.now() - started;
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || !line) {
    const why = child.error ? String(child.error.message) : `exit ${child.status ?? child.signal}: ${(child.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`;
    return { ok: false, error: why, wallMs };
  }
  return { ok: true, result: JSON.parse(line.slice('RESULT '.length)), wallMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medians(runs: any[], fields: string[]): { [field: string]: number } {
  const out: { [field: string]: number } = {};
  for (const f of fields) out[f] = median(runs.map((r) => r[f]).filter((v) => typeof v === 'number'));
  return out;
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const problems: string[] = [];

function log(text: string): void {
  process.stdout.write(`${text}\n`);
}

function synthPart(): { check: any; cases: SynthCaseResult[] } {
  log(`synth: checking that this library and raw ApiObjects write equal objects (N=${plan.checkN}) ...`);
  const check = runChild({ kind: 'synth-check', n: plan.checkN });
  if (!check.ok) {
    problems.push(`synth check crashed: ${check.error}`);
  } else {
    const r = check.result;
    for (const [what, diffs] of [['raw vs intended objects', r.rawMatchesIntent], ['this library vs raw', r.thisVsRaw], ['this library with guardrails vs raw', r.guardrailsVsRaw]] as const) {
      if (diffs.length > 0) problems.push(`synth: ${what} differ, e.g. document ${diffs[0].index} at ${diffs[0].path}: ${JSON.stringify(diffs[0].expected)} vs ${JSON.stringify(diffs[0].actual)}`);
    }
    if (!r.kplusSameCount) problems.push('synth: cdk8s-plus-28 wrote a different number of objects');
  }
  const cases = plan.synthSizes.flatMap((n) => SYNTH_VARIANTS.map((v) => ({ n, ...v, runs: [] as any[], errors: [] as string[] })));
  const rounds = Math.max(...plan.synthSizes.map(plan.synthRuns));
  for (let round = 0; round < rounds; round++) {
    // Interleaved: every case once per round, starting at a different variant each round.
    const order = cases.filter((c) => round < plan.synthRuns(c.n));
    const rotated = order.map((_, i) => order[(i + round) % order.length]);
    for (const c of rotated) {
      const outcome = runChild({ kind: 'synth', impl: c.impl, n: c.n, ...('guardrails' in c ? { guardrails: c.guardrails } : {}), ...('validation' in c ? { validation: c.validation } : {}) });
      if (outcome.ok) c.runs.push(outcome.result);
      else c.errors.push(outcome.error!);
      log(`  round ${round + 1}/${rounds} synth N=${c.n} ${c.variant}: ${outcome.ok ? `${(outcome.result.totalMs / 1000).toFixed(3)} s` : `FAILED ${outcome.error}`}`);
    }
  }
  for (const c of cases) if (c.errors.length > 0) problems.push(`synth N=${c.n} ${c.variant} crashed: ${c.errors[0]}`);
  return {
    check: check.result,
    cases: cases.map((c) => ({
      n: c.n,
      variant: c.variant,
      runs: c.runs,
      errors: c.errors,
      median: c.runs.length > 0 ? medians(c.runs, ['totalMs', 'cpuMs', 'buildMs', 'synthMs', 'maxRssMb', 'heapTotalMb', 'heapUsedMb', 'bytes']) : undefined,
    })),
  };
}

function analysisPart(): AnalysisCaseResult[] {
  const cases = (plan.analysis as { pods: number; policies: number; naive: boolean; onePortOnly?: boolean }[]).flatMap((a) => [
    { ...a, ports: ONE_PORT, runs: [] as any[], errors: [] as string[] },
    ...(a.onePortOnly ? [] : [{ ...a, ports: FIVE_PORTS, runs: [] as any[], errors: [] as string[] }]),
  ]);
  for (let round = 0; round < plan.analysisRuns; round++) {
    const rotated = cases.map((_, i) => cases[(i + round) % cases.length]);
    for (const c of rotated) {
      // A case that timed out once is not run again: the figure is "over the timeout".
      if (c.errors.length > 0) continue;
      // The naive evaluator runs once per case (it is the reference, not a contender).
      const outcome = runChild({ kind: 'analysis', pods: c.pods, policies: c.policies, ports: c.ports, naive: c.naive && c.runs.length === 0 });
      if (outcome.ok) {
        c.runs.push(outcome.result);
        if (outcome.result.naive && !outcome.result.naive.agrees) {
          problems.push(`analysis P=${c.pods} K=${c.policies} ${c.ports.length} port(s): allowed pairs ${JSON.stringify(outcome.result.counts)} but the naive evaluator counts ${JSON.stringify(outcome.result.naive.counts)}`);
        }
      } else {
        c.errors.push(outcome.error!);
      }
      log(`  round ${round + 1}/${plan.analysisRuns} analysis P=${c.pods} K=${c.policies} ports=${c.ports.length}: ${outcome.ok
        ? `load ${(outcome.result.loadMs / 1000).toFixed(3)} s, matrix ${(outcome.result.matrixMs / 1000).toFixed(3)} s, ${outcome.result.groups} groups, ${outcome.result.maxRssMb.toFixed(0)} MiB`
        : `FAILED ${outcome.error}`}`);
    }
  }
  for (const c of cases) {
    // A timeout is a missed target, not a wrong answer; any other failure is a crash.
    if (c.errors.length > 0 && !/ETIMEDOUT|SIGTERM/.test(c.errors[0])) problems.push(`analysis P=${c.pods} K=${c.policies} crashed: ${c.errors[0]}`);
  }
  return cases.map((c) => {
    const naive = c.runs.find((r) => r.naive)?.naive;
    return {
      pods: c.pods,
      policies: c.policies,
      ports: c.ports,
      runs: c.runs,
      errors: c.errors,
      timeoutMs: plan.timeoutMs,
      naive,
      median: c.runs.length > 0 ? medians(c.runs, ['loadMs', 'matrixMs', 'checkMs', 'maxRssMb', 'heapTotalMb', 'groups', 'generateMs']) : undefined,
    };
  });
}

function main(): void {
  const started = Date.now();
  log(`cdk8s-netpol bench (${QUICK ? 'quick' : 'full'}): building the children ...`);
  buildForChildren(path.join(ROOT, 'bench', 'out', 'build'));
  const results: BenchResults = {
    generated: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    machine: machine(),
    method: {
      process: 'one child process per measured case (node --expose-gc), parent collects JSON',
      warmup: 'each synth child first synthesizes a 200-policy app of the same kind in the same process',
      interleaving: 'all cases once per round, the order rotated each round; figures are medians over the rounds',
      memory: 'peak RSS from process.resourceUsage().maxRSS; heap = v8.getHeapStatistics().total_heap_size at the end of the run (committed heap)',
      shares: 'validation share = 1 - (this with validation off) / this; guardrails share = 1 - this / (this + guardrails)',
    },
    synth: ONLY === 'analysis' ? undefined : synthPart(),
    analysis: ONLY === 'synth' ? undefined : analysisPart(),
    problems,
    durationS: 0,
  };
  results.durationS = Math.round((Date.now() - started) / 1000);
  const outDir = WRITE ? ROOT : path.join(ROOT, 'bench', 'out');
  const written = writeReport(results, {
    json: WRITE ? path.join(ROOT, 'bench', 'results.json') : path.join(outDir, 'results.json'),
    markdown: WRITE ? path.join(ROOT, 'docs', 'BENCHMARKS.md') : path.join(outDir, 'BENCHMARKS.md'),
    synthSvg: WRITE ? path.join(ROOT, 'docs', 'bench-synth.svg') : path.join(outDir, 'bench-synth.svg'),
    analysisSvg: WRITE ? path.join(ROOT, 'docs', 'bench-analysis.svg') : path.join(outDir, 'bench-analysis.svg'),
  });
  for (const t of written.targets) log(`target ${t.met === undefined ? 'n/a ' : t.met ? 'met ' : 'MISSED'} ${t.name}: ${t.value} (target ${t.target})`);
  log(`wrote ${written.files.map((f) => path.relative(ROOT, f)).join(', ')} in ${results.durationS} s`);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`FAIL: ${p}\n`);
    process.exit(1);
  }
}

fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
main();
