// What the bench writes: bench/results.json, docs/BENCHMARKS.md (machine, figures, targets met or missed) and
// two hand-drawn SVG plots of time against size (log-log), from one run's results.
import * as fs from 'fs';
import * as path from 'path';
import { SHAPES } from './shapes';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverage: number[];
}

export interface SynthCaseResult {
  readonly n: number;
  readonly variant: string;
  readonly runs: any[];
  readonly errors: string[];
  readonly median?: { [field: string]: number };
}

export interface AnalysisCaseResult {
  readonly pods: number;
  readonly policies: number;
  readonly ports: readonly string[];
  readonly runs: any[];
  readonly errors: string[];
  readonly timeoutMs: number;
  readonly naive?: { counts: number[]; ms: number; agrees: boolean };
  readonly median?: { [field: string]: number };
}

export interface BenchResults {
  readonly generated: string;
  readonly mode: 'quick' | 'full';
  readonly machine: Machine;
  readonly method: { [what: string]: string };
  readonly synth?: { check: any; cases: SynthCaseResult[] };
  readonly analysis?: AnalysisCaseResult[];
  readonly problems: string[];
  durationS: number;
}

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly value: string;
  /** undefined when this run could not measure it */
  readonly met?: boolean;
  readonly note?: string;
}

const s = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`);
const x = (r: number | undefined) => (r === undefined || Number.isNaN(r) ? 'n/a' : `${r.toFixed(2)}x`);
const pct = (r: number | undefined) => (r === undefined || Number.isNaN(r) ? 'n/a' : `${Math.round(r * 100)} %`);
const mib = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : `${v.toFixed(0)} MiB`);
const count = (n: number) => n.toLocaleString('en-US');

function synthTime(results: BenchResults, n: number, variant: string): number | undefined {
  return results.synth?.cases.find((c) => c.n === n && c.variant === variant)?.median?.totalMs;
}

function analysisCase(results: BenchResults, pods: number, policies: number, ports: number): AnalysisCaseResult | undefined {
  return results.analysis?.find((c) => c.pods === pods && c.policies === policies && c.ports.length === ports);
}

/** The issue's targets, judged from this run's medians. */
export function targetsOf(results: BenchResults): Target[] {
  const out: Target[] = [];
  if (results.synth) {
    const sizes = [...new Set(results.synth.cases.map((c) => c.n))].sort((a, b) => a - b);
    const big = sizes[sizes.length - 1];
    const previous = sizes.find((n) => n * 10 === big);
    const quick = big !== 10_000 ? ` (quick run: N=${count(big)}; the target is for N=10,000)` : '';
    const raw = synthTime(results, big, 'raw');
    const kplus = synthTime(results, big, 'cdk8s-plus-28');
    const ours = synthTime(results, big, 'this');
    const guarded = synthTime(results, big, 'this + guardrails');
    const judge = (value: number | undefined, ok: (v: number) => boolean) => (value === undefined || Number.isNaN(value) ? undefined : ok(value));
    const r1 = ours !== undefined && raw !== undefined ? ours / raw : undefined;
    out.push({ name: `synth N=${count(big)}: this / raw ApiObject${quick}`, target: '<= 1.3x', value: x(r1), met: judge(r1, (v) => v <= 1.3) });
    const r2 = ours !== undefined && kplus !== undefined ? ours / kplus : undefined;
    out.push({ name: `synth N=${count(big)}: this / cdk8s-plus-28${quick}`, target: '< 1.0x', value: x(r2), met: judge(r2, (v) => v < 1.0) });
    const r3 = guarded !== undefined && raw !== undefined ? guarded / raw : undefined;
    out.push({ name: `synth N=${count(big)}: this + guardrails / raw ApiObject${quick}`, target: '<= 1.5x', value: x(r3), met: judge(r3, (v) => v <= 1.5) });
    if (previous !== undefined) {
      const small = synthTime(results, previous, 'this');
      const growth = ours !== undefined && small !== undefined ? ours / small / 10 : undefined;
      out.push({ name: `synth growth N=${count(previous)} -> ${count(big)} (this), relative to linear`, target: '<= 1.15x', value: x(growth), met: judge(growth, (v) => v <= 1.15) });
    }
  }
  if (results.analysis) {
    const big = analysisCase(results, 100_000, 10_000, 1);
    if (big) {
      const m = big.median;
      const total = m ? m.loadMs + m.matrixMs : undefined;
      out.push({
        name: 'analysis P=100,000 K=10,000: load + full matrix on one port',
        target: '< 5 s',
        value: m ? `${s(total)} (load ${s(m.loadMs)}, matrix ${s(m.matrixMs)})` : `over ${s(big.timeoutMs)} (timed out)`,
        met: m ? total! < 5000 : false,
      });
      out.push({ name: 'analysis P=100,000 K=10,000, one port: peak RSS', target: '< 2 GiB', value: m ? mib(m.maxRssMb) : 'n/a (timed out)', met: m ? m.maxRssMb < 2048 : undefined });
      out.push({
        name: 'check of one pair on 100,000 pods: load + check, in process (no YAML parsing, no process start)',
        target: '< 2 s',
        value: m ? s(m.loadMs + m.checkMs) : 'n/a (timed out)',
        met: m ? m.loadMs + m.checkMs < 2000 : undefined,
      });
      const mid = analysisCase(results, 10_000, 10_000, 1)?.median;
      if (m && mid) {
        const growth = m.matrixMs / mid.matrixMs;
        out.push({
          name: 'matrix time P=10,000 -> 100,000 (K=10,000): grows with groups and rules, not pods squared (100x)',
          target: '< 100x',
          value: `${x(growth)} (groups ${count(mid.groups)} -> ${count(m.groups)})`,
          met: growth < 100,
        });
      }
    } else {
      out.push({ name: 'analysis P=100,000 K=10,000 (not in a quick run)', target: '< 5 s, < 2 GiB', value: 'not measured' });
    }
    const naive = (results.analysis ?? []).filter((c) => c.naive);
    out.push({
      name: 'analyzer agrees with the naive evaluator (allowed-pair counts, P <= 1,000)',
      target: 'equal',
      value: naive.length === 0 ? 'not run' : naive.every((c) => c.naive!.agrees) ? `equal in ${naive.length} case(s)` : 'DIFFERENT',
      met: naive.length === 0 ? undefined : naive.every((c) => c.naive!.agrees),
    });
  }
  return out;
}

// ---- SVG ----------------------------------------------------------------------------------------------

interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

function tickLabel(v: number, unit: string): string {
  if (unit === 's') return v >= 1 ? `${v} s` : `${v * 1000} ms`;
  return v >= 1000 ? `${v / 1000}k` : String(v);
}

/** A log-log line plot: one polyline with markers per series, decade grid, legend. */
export function plotSvg(title: string, xLabel: string, series: Series[]): string {
  const width = 780;
  const height = 440;
  const m = { left: 70, right: 230, top: 40, bottom: 55 };
  const all = series.flatMap((se) => se.points).filter(([a, b]) => a > 0 && b > 0);
  const xs = all.map(([a]) => a);
  const ys = all.map(([, b]) => b);
  const xTicks = decades(Math.min(...xs, 100), Math.max(...xs, 1000));
  const yTicks = decades(Math.min(...ys, 0.01), Math.max(...ys, 1));
  const [x0, x1] = [Math.log10(xTicks[0]), Math.log10(xTicks[xTicks.length - 1])];
  const [y0, y1] = [Math.log10(yTicks[0]), Math.log10(yTicks[yTicks.length - 1])];
  const px = (v: number) => m.left + ((Math.log10(v) - x0) / (x1 - x0 || 1)) * (width - m.left - m.right);
  const py = (v: number) => height - m.bottom - ((Math.log10(v) - y0) / (y1 - y0 || 1)) * (height - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${m.left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`);
  for (const t of xTicks) {
    parts.push(`<line x1="${px(t).toFixed(1)}" y1="${m.top}" x2="${px(t).toFixed(1)}" y2="${height - m.bottom}" stroke="#ddd"/>`);
    parts.push(`<text x="${px(t).toFixed(1)}" y="${height - m.bottom + 18}" text-anchor="middle">${tickLabel(t, '')}</text>`);
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${m.left}" y1="${py(t).toFixed(1)}" x2="${width - m.right}" y2="${py(t).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.left - 8}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${tickLabel(t, 's')}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#555"/>`);
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 12}" text-anchor="middle">${esc(xLabel)} (log scale)</text>`);
  parts.push(`<text x="16" y="${(m.top + height - m.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(m.top + height - m.bottom) / 2})">wall time, median (log scale)</text>`);
  series.forEach((se, i) => {
    const pts = se.points.filter(([a, b]) => a > 0 && b > 0);
    if (pts.length > 1) {
      parts.push(`<polyline fill="none" stroke="${se.color}" stroke-width="2"${se.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(' ')}"/>`);
    }
    for (const [a, b] of pts) parts.push(`<circle cx="${px(a).toFixed(1)}" cy="${py(b).toFixed(1)}" r="3.5" fill="${se.color}"/>`);
    const ly = m.top + 10 + i * 20;
    parts.push(`<line x1="${width - m.right + 14}" y1="${ly}" x2="${width - m.right + 40}" y2="${ly}" stroke="${se.color}" stroke-width="2"${se.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${width - m.right + 46}" y="${ly + 4}">${esc(se.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const COLORS = ['#444444', '#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];

function synthSvg(results: BenchResults): string {
  const variants = ['raw', 'cdk8s-plus-28', 'this', 'this + guardrails'];
  const series = variants.map((v, i) => ({
    name: v === 'raw' ? 'raw ApiObject' : v === 'this' ? 'cdk8s-netpol' : v === 'this + guardrails' ? 'cdk8s-netpol + guardrails' : v,
    color: COLORS[i],
    dashed: v === 'raw',
    points: (results.synth?.cases ?? []).filter((c) => c.variant === v && c.median).map((c) => [c.n, c.median!.totalMs / 1000] as const),
  }));
  return plotSvg('Synth: N NetworkPolicies (five shapes) + app.synthYaml()', 'policies N', series);
}

/** The cases on the diagonal (K = P / 10) are drawn; the others are in the tables. */
function analysisSvg(results: BenchResults): string {
  const diagonal = (results.analysis ?? []).filter((c) => c.policies * 10 === c.pods && c.median);
  const line = (name: string, color: string, ports: number, value: (m: { [f: string]: number }) => number, dashed = false): Series => ({
    name, color, dashed, points: diagonal.filter((c) => c.ports.length === ports).map((c) => [c.pods, value(c.median!) / 1000] as const),
  });
  const naive = (results.analysis ?? []).filter((c) => c.naive && c.policies * 10 === c.pods && c.ports.length === 1);
  return plotSvg('Analysis: P pods, K = P/10 policies', 'pods P', [
    line('load', COLORS[0], 1, (m) => m.loadMs, true),
    line('matrix, 1 port', COLORS[2], 1, (m) => m.matrixMs),
    line('matrix, 5 ports', COLORS[3], 5, (m) => m.matrixMs),
    line('check, 1 pair', COLORS[4], 1, (m) => m.checkMs),
    { name: 'naive, 1 port', color: COLORS[1], points: naive.map((c) => [c.pods, c.naive!.ms / 1000] as const) },
  ]);
}

// ---- Markdown -----------------------------------------------------------------------------------------

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function kplusNotes(check: any): string[] {
  if (!check) return ['(the check did not run)'];
  return check.kplusByShape.map((k: any) => {
    if (k.differences.length === 0) return `- ${k.shape}: identical objects.`;
    const what = k.differences.map((d: any) => `\`${d.path}\` is ${d.actual === undefined ? 'absent' : `\`${JSON.stringify(d.actual)}\``} (raw: ${d.expected === undefined ? 'absent' : `\`${JSON.stringify(d.expected)}\``})`);
    return `- ${k.shape}: ${what.join('; ')}.`;
  });
}

function markdown(results: BenchResults, targets: Target[], svgNames: { synth: string; analysis: string }): string {
  const m = results.machine;
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(`Written by \`npm run bench\`${results.mode === 'quick' ? ' -- --quick (a smoke run: small sizes, single runs; not for comparison)' : ''} on ${results.generated.slice(0, 16).replace('T', ' ')} UTC, in ${results.durationS} s. Do not edit by hand: rerun the bench.`, '');
  lines.push('## Machine', '');
  lines.push(`- CPU: ${m.cpu}, ${m.cores} cores`, `- Memory: ${m.memoryGiB} GiB`, `- Node.js: ${m.node}`, `- OS: ${m.platform}`, `- Load average when the run started: ${m.loadAverage.join(', ')}`, '');
  lines.push('## How it measures', '');
  for (const [k, v] of Object.entries(results.method)) lines.push(`- ${k}: ${v}`);
  lines.push('', '## Targets', '');
  lines.push(table(['', 'measure', 'target', 'this run'], targets.map((t) => [t.met === undefined ? 'n/a' : t.met ? 'met' : '**missed**', t.name, t.target, t.value])));
  lines.push('');
  if (results.problems.length > 0) {
    lines.push('## Problems found by this run', '', ...results.problems.map((p) => `- ${p}`), '');
  }
  if (results.synth) {
    const sizes = [...new Set(results.synth.cases.map((c) => c.n))].sort((a, b) => a - b);
    const row = (n: number, variant: string) => results.synth!.cases.find((c) => c.n === n && c.variant === variant);
    lines.push('## Synth', '');
    lines.push(`N NetworkPolicies in one chart, shape i % 5 of policy i (${SHAPES.join(', ')}), in 50 namespaces, then \`app.synthYaml()\` (which validates). `
      + 'Three writers of the same intents: this library (`NetworkPolicy`, `AllowDnsEgress.rule()`), cdk8s-plus-28\'s `NetworkPolicy` (with `Pods.select`, `Namespaces.select`, '
      + '`NetworkPolicyIpBlock.ipv4` peers) and raw `ApiObject`s with the objects written out by hand. Time is construction plus synth, per process, after a warm-up.', '');
    const check = results.synth.check;
    if (check) {
      const equal = check.thisVsRaw.length === 0 && check.rawMatchesIntent.length === 0;
      lines.push(`**Fair race:** at N=${count(check.n)} this library and the raw ApiObjects write ${equal ? 'equal objects (asserted, document by document)' : '**different objects** (see problems)'}; `
        + `with guardrails enabled they are equal apart from the \`netpol.cdk8s.io/*\` intent annotations (on ${count(check.guardrailsAnnotated)} DNS policies).`, '');
      lines.push('How cdk8s-plus-28\'s objects differ from the raw ones (first policy of each shape):', '', ...kplusNotes(check), '');
    }
    const header = ['N', 'raw ApiObject', 'cdk8s-plus-28', 'this', 'this + guardrails', 'this / raw', 'this / cdk8s-plus', 'guardrails / raw', 'validation share', 'guardrails share'];
    lines.push(table(header, sizes.map((n) => {
      const t = (v: string) => row(n, v)?.median?.totalMs;
      const [raw, kplus, ours, off, guarded] = ['raw', 'cdk8s-plus-28', 'this', 'this, validation off', 'this + guardrails'].map(t);
      const ratios = [x(ours! / raw!), x(ours! / kplus!), x(guarded! / raw!), pct(1 - off! / ours!), pct(1 - ours! / guarded!)];
      return [count(n), s(raw), s(kplus), s(ours), s(guarded), ...ratios];
    })));
    lines.push('', 'Peak memory per process (RSS / committed V8 heap), the split of wall time between construction and `synthYaml()`, and the '
      + 'process CPU time (all threads, GC included; steadier than wall time on a busy machine):', '');
    lines.push(table(['N', 'variant', 'construct', 'synthYaml', 'total', 'CPU', 'peak RSS', 'heap', 'runs'], sizes.flatMap((n) => results.synth!.cases.filter((c) => c.n === n).map((c) => [
      count(n), c.variant, s(c.median?.buildMs), s(c.median?.synthMs), s(c.median?.totalMs), s(c.median?.cpuMs),
      mib(c.median?.maxRssMb), mib(c.median?.heapTotalMb), String(c.runs.length),
    ]))));
    const big = sizes[sizes.length - 1];
    const at = (variant: string) => row(big, variant)?.median;
    const [raw, kplus, ours, off] = ['raw', 'cdk8s-plus-28', 'this', 'this, validation off'].map(at);
    if (raw && kplus && ours && off) {
      lines.push('', `**Where the time goes** (N=${count(big)}): construction takes ${s(ours.buildMs)} with this library, ${s(kplus.buildMs)} with cdk8s-plus-28 `
        + `and ${s(raw.buildMs)} for raw ApiObjects; \`synthYaml()\` ${s(ours.synthMs)}, ${s(kplus.synthMs)} and ${s(raw.synthMs)}. `
        + (ours.totalMs > off.totalMs
          ? `Switching this library's validation off saves ${s(ours.totalMs - off.totalMs)}. `
          : `Switching this library's validation off saves nothing measurable here (${s(off.totalMs)} vs ${s(ours.totalMs)}: within the noise of this run). `)
        + 'Construction is the immutable value layer (each peer and rule copies and freezes its config when built, `toPort()` builds a new rule, '
        + 'and every value locks its fields one `defineProperty` at a time); cdk8s 2.68 validates the app twice per `synthYaml()` '
        + '(once itself and once more in each chart\'s `toJson()`), so validation work is done twice; YAML output is the same for all three.');
    }
    lines.push('', `![synth time against N](${svgNames.synth})`, '');
  }
  if (results.analysis) {
    lines.push('## Analysis', '');
    lines.push('Generated clusters: about P/100 namespaces of 20 teams and 3 environments, plus kube-system (CoreDNS), monitoring and ingress-nginx; '
      + 'Deployments of 1-6 replicas whose pods share every label but `pod-template-hash` (one ReplicaSet, or two during a rollout); '
      + 'K policies spread over the namespaces, of ten kinds that make sense together (default deny, DNS egress, ingress from the ingress controller, '
      + 'web -> api -> db with a named port and `matchExpressions`, metrics from monitoring, team-wide access by namespace labels and a port range, '
      + 'egress to the internet by ipBlock with except, ingress from a block of pod IPs). Ports: one (8080/TCP) or five (8080/TCP, 9090/TCP, 5432/TCP, 53/UDP, 443/TCP). '
      + 'Each case runs in its own process: load = `Reachability.fromManifests`, matrix = `matrixOn(ports)` and `countAllowedOn` for each port, '
      + 'check = one `check()` between two pods after loading.', '');
    lines.push(table(['pods P', 'policies K', 'ports', 'groups', 'load', 'matrix', 'check', 'peak RSS', 'heap', 'naive (reference)', 'speed-up over naive', 'runs'],
      results.analysis.map((c) => {
        const md = c.median;
        const naive = c.naive ? `${s(c.naive.ms)}, ${c.naive.agrees ? 'same counts' : '**different counts**'}` : '';
        const speed = c.naive && md ? x(c.naive.ms / (md.loadMs + md.matrixMs)) : '';
        if (!md) return [count(c.pods), count(c.policies), String(c.ports.length), '', `failed: ${(c.errors[0] ?? '').slice(0, 80)}`, '', '', '', '', naive, '', '0'];
        const times = [s(md.loadMs), s(md.matrixMs), s(md.checkMs), mib(md.maxRssMb), mib(md.heapTotalMb)];
        return [count(c.pods), count(c.policies), String(c.ports.length), count(md.groups), ...times, naive, speed, String(c.runs.length)];
      })));
    lines.push('', 'The speed-up compares the naive evaluator (every ordered pair of pods, every rule of every policy selecting either end, written in '
      + '`bench/naive.ts` from the Kubernetes rules) with load + matrix. Allowed-pair counts are asserted equal.', '');
    lines.push(`![analysis time against P](${svgNames.analysis})`, '');
  }
  lines.push('## Reproduce', '', '```sh', 'npm run bench              # this page, bench/results.json, docs/bench-*.svg', 'npm run bench -- --quick   # smoke run, writes bench/out/', '```', '');
  return lines.join('\n');
}

export interface ReportFiles {
  readonly json: string;
  readonly markdown: string;
  readonly synthSvg: string;
  readonly analysisSvg: string;
}

export function writeReport(results: BenchResults, to: ReportFiles): { targets: Target[]; files: string[] } {
  const targets = targetsOf(results);
  for (const f of Object.values(to)) fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(to.json, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
  fs.writeFileSync(to.synthSvg, synthSvg(results));
  fs.writeFileSync(to.analysisSvg, analysisSvg(results));
  const rel = (f: string) => path.relative(path.dirname(to.markdown), f).split(path.sep).join('/');
  fs.writeFileSync(to.markdown, markdown(results, targets, { synth: rel(to.synthSvg), analysis: rel(to.analysisSvg) }));
  return { targets, files: Object.values(to) };
}
