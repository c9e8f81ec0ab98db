// `netpol matrix`: who can reach whom, for every pair of pods and each port, as text, markdown, JSON or HTML.
import * as fs from 'fs';
import * as path from 'path';
import { Reachability, TrafficPort, WorkloadMatrix } from '../analysis';
import { externalOption, listOption, loadAnalysis, parsePortOption, podOption, singleOption } from './_analysis';
import { Command, InputError, Io, ParsedArgs, UsageError, VALUE } from './_command';

const DEFAULT_MAX_RESULTS = 1_000_000;
const FORMATS = ['text', 'markdown', 'json', 'html'];
const GROUPS = ['pod', 'workload'];

const HELP = `Usage: netpol matrix [options] <file|directory|->...

Prints who can reach whom: for every pair of pods (rows = from, columns = to) and each port, whether
the NetworkPolicies allow the connection. Reads Namespaces, Pods, workloads (Deployment, StatefulSet,
DaemonSet, ReplicaSet, ReplicationController, Job, CronJob: one pod each, named like the workload,
unless the input holds its pods, as a kubectl dump does: then its pods stand for it) and
networking.k8s.io/v1 NetworkPolicies from YAML or JSON files and directories (searched recursively);
'-' reads standard input. Pods are named namespace/name.

Options:
  --ports LIST         ports to show, e.g. 80/TCP,53/UDP (a bare number is TCP; repeatable);
                       default: every port a policy mentions, plus one port that no policy mentions
  --external IPS       external endpoints to add after the pods, e.g. 203.0.113.5,2001:db8::1
  --pod POD            a pod the manifests do not hold, e.g. shop/web:app=web (repeatable)
  --group GROUP        pod (default): one row and column per pod
                       workload: the pods of one workload (Deployment, StatefulSet, DaemonSet, Job,
                       CronJob, up the pods' ownerReferences) as one row and column when they answer
                       alike; a workload whose pods differ has a row for each set of pods that answer
                       alike (FIRST-POD+N), and says why
  --format FORMAT      text (default): a truth table per port, 1 = allowed, . = denied
                       markdown: a table per port
                       json: {"pods": [...], "ports": [...],
                              "results": [{"from", "to", "port", "allowed"}, ...]}
                       html: one self-contained page with a coloured grid per port
  -o, --output FILE    write to FILE instead of standard output
  --max-results N      refuse text, markdown and json output of more than N results (pods x pods x
                       ports; default ${DEFAULT_MAX_RESULTS}); html draws namespace pairs instead of pods
  -h, --help           show this help

Semantics: a connection is allowed when the source's egress AND the destination's ingress allow it;
a pod can always reach itself; external IPs have no policies of their own. Services are not rows
(policies see the pods behind them: ask \`netpol check --to svc/NAMESPACE/NAME:PORT\`); traffic from
nodes is not modelled. Finished pods (status.phase Succeeded or Failed) are left out; hostNetwork pods
are analysed as other pods, with a warning (most network plugins treat their traffic as the node's).

Exit status: 0 on success, 2 on usage errors, unreadable or unparsable input, or invalid NetworkPolicies.
`;

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * Where the output goes. A file is written beside its destination under a temporary name and renamed
 * into place once complete, so a failure (disk full, a size limit) never leaves it half-written and an
 * earlier file of that name stays as it was.
 */
interface Sink {
  write(text: string): void;
  /** Puts the output in place (`ok`), or throws it away. */
  close(ok: boolean): void;
}

function cannotWrite(output: string, e: unknown): InputError {
  return new InputError([`cannot write ${output}: ${(e as Error).message}`]);
}

function openSink(output: string | undefined, io: Io): Sink {
  if (output === undefined) return { write: (text) => io.stdout(text), close: () => undefined };
  const temp = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'w');
  } catch (e) {
    throw cannotWrite(output, e);
  }
  return {
    write: (text) => {
      try {
        fs.writeSync(fd!, text);
      } catch (e) {
        throw cannotWrite(output, e);
      }
    },
    close: (ok) => {
      try {
        fs.closeSync(fd!);
        if (ok) fs.renameSync(temp, output);
      } catch (e) {
        throw cannotWrite(output, e);
      } finally {
        fs.rmSync(temp, { force: true });
      }
    },
  };
}

/** What writeJson reads: a pod matrix, or a matrix by workload (its rows). */
interface Cells {
  readonly endpoints: readonly string[];
  readonly ports: readonly string[];
  isAllowedAt(i: number, j: number, k: number): boolean;
}

function writeJson(m: Cells, sink: Sink, extra?: { rows: unknown; split: unknown }): void {
  const quoted = m.endpoints.map((p) => JSON.stringify(p));
  const quotedPorts = m.ports.map((p) => JSON.stringify(p));
  sink.write(`{"pods": [${quoted.join(', ')}],\n "ports": [${quotedPorts.join(', ')}],\n "results": [`);
  let first = true;
  quoted.forEach((source, i) => {
    const lines: string[] = [];
    quoted.forEach((destination, j) => {
      quotedPorts.forEach((port, k) => {
        lines.push(`{"from": ${source}, "to": ${destination}, "port": ${port}, "allowed": ${m.isAllowedAt(i, j, k)}}`);
      });
    });
    if (lines.length > 0) {
      sink.write(`${first ? '' : ','}\n  ${lines.join(',\n  ')}`);
      first = false;
    }
  });
  const more = extra === undefined ? '' : `,\n "rows": ${JSON.stringify(extra.rows)},\n "split": ${JSON.stringify(extra.split)}`;
  sink.write(`${first ? '' : '\n '}]${more}}\n`);
}

function maxResultsOption(args: ParsedArgs): number {
  const text = singleOption(args, 'max-results');
  if (text === undefined) return DEFAULT_MAX_RESULTS;
  if (!/^[0-9]+$/.test(text.replace(/_/g, ''))) throw new UsageError(`--max-results needs a whole number, not "${text}"`);
  return Number(text.replace(/_/g, ''));
}

export const matrixCommand: Command = {
  name: 'matrix',
  summary: 'print who can reach whom (pods x pods, per port) as text, markdown, JSON or an HTML picture',
  help: HELP,
  options: { 'ports': VALUE, 'external': VALUE, 'pod': VALUE, 'group': VALUE, 'format': VALUE, 'output': { ...VALUE, short: 'o' }, 'max-results': VALUE },

  run(args: ParsedArgs, io: Io): number {
    const format = (singleOption(args, 'format') ?? 'text').toLowerCase();
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
    const group = (singleOption(args, 'group') ?? 'pod').toLowerCase();
    if (!GROUPS.includes(group)) throw new UsageError(`--group must be one of ${GROUPS.join(', ')}, not "${group}"`);
    const asked = listOption(args, 'ports')?.map(parsePortOption);
    const externals = externalOption(args);
    const output = singleOption(args, 'output');
    const maxResults = maxResultsOption(args);

    const { reachability, files } = loadAnalysis(args.positionals, { externalIps: externals, pods: podOption(args) }, io, 'matrix');
    const endpoints = reachability.endpoints.length;
    // Computed once: the default ports scan every rule and pod.
    const ports: TrafficPort[] = asked ?? reachability.defaultPorts().map(Reachability.parsePort);
    const portCount = new Set(ports.map((p) => `${p.port}/${p.protocol}`)).size;
    const results = endpoints * endpoints * portCount;
    if (format !== 'html' && results > maxResults) {
      // Refuse before computing: such output is too large to read and slow to write.
      throw new InputError([
        `${plural(endpoints, 'endpoint', 'endpoints')} x ${plural(portCount, 'port', 'ports')} make ${plural(results, 'result', 'results')}, ` +
        `more than --max-results (${maxResults.toLocaleString('en-US')})`,
        'narrow the input (fewer files, fewer --ports), use --format html (which draws namespace pairs for large inputs), or raise --max-results',
      ]);
    }
    if (endpoints === 0) io.stderr(`netpol matrix: no pods, workloads or external IPs in ${plural(files, 'file', 'files')}: the matrix is empty\n`);

    const matrix = reachability.matrixOn(ports);
    const byWorkload: WorkloadMatrix | undefined = group === 'workload' ? reachability.groupByWorkload(matrix) : undefined;
    // Text, markdown and JSON carry the split workloads; the page does not.
    if (format === 'html') for (const note of byWorkload?.split ?? []) io.stderr(`netpol matrix: ${note}\n`);
    const sink = openSink(output, io);
    let ok = false;
    try {
      if (byWorkload) {
        switch (format) {
          case 'markdown': sink.write(byWorkload.toMarkdown()); break;
          case 'json': writeJson({ endpoints: byWorkload.rows, ports: byWorkload.ports, isAllowedAt: (i, j, k) => byWorkload.isAllowedAt(i, j, k) }, sink, {
            rows: byWorkload.groups, split: byWorkload.split,
          }); break;
          case 'html': sink.write(byWorkload.toHtml({ title: `Reachability by workload: ${args.positionals.join(' ')}` })); break;
          default: sink.write(byWorkload.toText());
        }
      } else {
        switch (format) {
          case 'markdown': sink.write(matrix.toMarkdown()); break;
          case 'json': writeJson(matrix, sink); break;
          case 'html': sink.write(matrix.toHtml({ title: `Reachability: ${args.positionals.join(' ')}` })); break;
          default: sink.write(matrix.toText());
        }
      }
      ok = true;
    } finally {
      sink.close(ok);
    }
    if (output !== undefined) {
      const rows = byWorkload ? ` (${plural(byWorkload.rows.length, 'row', 'rows')} by workload)` : '';
      io.stderr(`netpol matrix: wrote ${output}: ${plural(endpoints, 'endpoint', 'endpoints')}${rows}, ${plural(matrix.ports.length, 'port', 'ports')}\n`);
    }
    return 0;
  },
};
