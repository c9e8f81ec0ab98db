// `netpol check`: one connection, ALLOW or DENY, with the reason; the exit status is the answer.
import { DirectionVerdict, ServiceVerdict, TrafficPort, TrafficVerdict } from '../analysis';
import { externalOption, loadAnalysis, parsePortOption, POD_HINT, podOption, singleOption } from './_analysis';
import { Command, FLAG, InputError, Io, ParsedArgs, UsageError, VALUE } from './_command';
import { isServiceName } from '../analysis/engine/resolve';
import { PolicyType } from '../values/enums';

const HELP = `Usage: netpol check <file|directory|->... --from POD|IP --to POD|IP --port PORT [--explain]
       netpol check <file|directory|->... --from POD|IP --to svc/NAMESPACE/NAME:PORT [--explain]

Answers one question from the NetworkPolicies in the manifests: may --from open a connection to --to
on --port? Prints ALLOW or DENY and a one-line reason; --explain prints which policies select each end
and which rule of which policy allowed the connection, or why no rule did. Reads the same files as
\`netpol matrix\` (YAML or JSON files and directories, '-' for standard input).

Options:
  --from POD|IP     the source: namespace/name of a pod or workload (a bare name if unique), or an IP
  --to POD|IP       the destination, written like --from, or a Service: svc/NAMESPACE/NAME:PORT
                    with PORT the Service port's number or name (and /UDP or /SCTP if need be)
  --port PORT       the destination port and protocol, e.g. 5432/TCP or 53/UDP (a bare number is TCP);
                    for a Service, its Service port (when --to names none)
  --external IPS    external endpoints, e.g. 203.0.113.5 (any IP may be queried without it)
  --pod POD         a pod the manifests do not hold, e.g. shop/web:app=web,tier=front (repeatable;
                    a bare name is in default): ask about policies alone
  --explain         print the full explanation
  -h, --help        show this help

A connection is allowed when the source's egress AND the destination's ingress allow it; a pod can
always reach itself; an IP outside the cluster has no policies of its own. NetworkPolicies never see a
Service: they see the pod it sends the connection to, on the pod port. So --to svc/... resolves the
Service port to its targetPort (a number, or a container port name looked up on each pod), and answers
for each pod the Service selects: ALLOW (every pod), PARTIAL (some, named) or DENY (none).

Exit status: 0 if allowed (by every pod of a Service), 1 if denied (or PARTIAL), 2 on usage errors,
unreadable or unparsable input, invalid NetworkPolicies, an unknown pod or Service, or a Service whose
pods cannot be known (no selector, or no pod matches it).
`;

function required(args: ParsedArgs, name: string): string {
  const value = singleOption(args, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** One side in a few words: whether it is isolated, and which rules let the connection through. */
function describeSide(v: DirectionVerdict, end: string, isPod: boolean): string {
  const direction = v.direction === PolicyType.EGRESS ? 'egress' : 'ingress';
  if (!isPod) return `${direction}: ${end} is outside the cluster`;
  if (!v.isolated) return `${direction} of ${end} is not isolated`;
  if (v.allowed) return `${direction} of ${end} allowed by ${v.matchedRules.map((r) => r.description).join(', ')}`;
  return `${direction} of ${end} is isolated by ${v.isolatingPolicies.join(', ')}, and no rule allows it`;
}

/** `ALLOW a -> b on 80/TCP: reason`, one line. */
function oneLine(verdict: TrafficVerdict, pods: ReadonlySet<string>): string {
  const what = `${verdict.source} -> ${verdict.destination} on ${verdict.port}/${verdict.protocol}`;
  if (verdict.allowed && verdict.source === verdict.destination && pods.has(verdict.source)) {
    return `ALLOW ${what}: a pod can always reach itself`;
  }
  const sides = [
    { v: verdict.egress, end: verdict.source },
    { v: verdict.ingress, end: verdict.destination },
  ].filter((s) => verdict.allowed || !s.v.allowed);
  const reason = sides.map((s) => describeSide(s.v, s.end, pods.has(s.end))).join('; ');
  return `${verdict.allowed ? 'ALLOW' : 'DENY'} ${what}: ${reason}`;
}

/** A Service answer: the summary, the port translation, then one line per pod (or the full explanation). */
function serviceLines(verdict: ServiceVerdict, pods: ReadonlySet<string>, explain: boolean): string {
  if (explain) return verdict.explanation;
  const [summary, translation] = verdict.explanation.split('\n');
  const each = verdict.backends.map((b) => `  ${b.verdict ? oneLine(b.verdict, pods) : `NO PORT ${b.reason}`}`);
  return [summary, translation, ...each].join('\n');
}

/** An error of the analyzer as the command line reports it: the --pod hint when there is nothing closer. */
function unknownName(e: unknown, finished: ReadonlyMap<string, string>, names: readonly string[]): InputError {
  const message = (e as Error).message;
  // A finished pod is left out of the analysis: say so rather than suggest other names.
  const done = names.map((n) => n.trim()).find((n) => finished.has(n) && message.startsWith(`unknown pod ${JSON.stringify(n)}`));
  if (done !== undefined) {
    return new InputError([`pod ${done} has finished (status.phase ${finished.get(done)}), so it sends and receives nothing and is left out of the analysis; ask about a running pod`]);
  }
  // No close name to suggest: perhaps the manifests hold policies only.
  return new InputError([/^unknown pod/.test(message) && !/did you mean/.test(message) ? `${message}; ${POD_HINT}` : message]);
}

/** `svc/NS/NAME...`, or `svc/NAME:PORT` without namespace (no pod name holds a colon, so it is no pod of namespace svc). */
function isService(text: string): boolean {
  return isServiceName(text) || /^(?:svc|services?)\/[^/:]+:/.test(text.trim());
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'answer one question: may a pod or IP reach another on a port (ALLOW/DENY, exit 0/1)',
  help: HELP,
  options: { from: VALUE, to: VALUE, port: VALUE, external: VALUE, pod: VALUE, explain: FLAG },

  run(args: ParsedArgs, io: Io): number {
    const source = required(args, 'from');
    const destination = required(args, 'to');
    const service = isService(destination);
    if (isService(source)) throw new UsageError(`--from ${source} is a Service: traffic leaves from pods, so give a pod or an IP`);
    const portText = service ? singleOption(args, 'port') : required(args, 'port');
    const port: TrafficPort | undefined = portText === undefined ? undefined : parsePortOption(portText);
    const externals = externalOption(args);

    const { reachability, finished } = loadAnalysis(args.positionals, { externalIps: externals, pods: podOption(args) }, io, 'check');
    const pods = new Set(reachability.pods);
    const explain = args.options.explain === true;
    if (service) {
      let answer: ServiceVerdict;
      try {
        answer = reachability.checkService(source, destination, port);
      } catch (e) {
        throw unknownName(e, finished, [source, destination]);
      }
      io.stdout(`${serviceLines(answer, pods, explain)}\n`);
      return answer.allowed ? 0 : 1;
    }
    let verdict: TrafficVerdict;
    try {
      verdict = reachability.check(source, destination, port!);
    } catch (e) {
      // The port is checked above, so what is left is an unknown or ambiguous pod name.
      throw unknownName(e, finished, [source, destination]);
    }
    io.stdout(`${explain ? verdict.explanation : oneLine(verdict, pods)}\n`);
    return verdict.allowed ? 0 : 1;
  },
};
