// `netpol validate`: API-server validation and guardrail lints for NetworkPolicies in YAML/JSON files.
import { Command, FLAG, Io, ParsedArgs, UsageError, VALUE } from './_command';
import { loadManifests, locate } from './_manifests';
import { isActive, lintSnapshot, silencedBecause } from '../guardrails/lint';
import { lintRule } from '../guardrails/rules';
import { IGNORE_ANNOTATION, parseSuppressions } from '../kube/intent';
import { displayName } from '../kube/objects';
import { decodeManifests } from '../validation/decode';

const HELP = `Usage: netpol validate [--strict] [--ignore IDS] [--show-suppressed] <file|directory|->...

Checks every networking.k8s.io/v1 NetworkPolicy in the given manifests the way the Kubernetes API
server validates it, then runs the guardrail lints (NP001...). Directories are searched recursively
for *.yaml, *.yml and *.json (hidden directories and node_modules are skipped); '-' reads standard
input. YAML may hold many documents and List objects. Other kinds are not validated, but workloads
and namespaces inform the lints.

Options:
  --strict        report lint findings as errors, not warnings (API-server warnings too, such
                  as a CIDR with host bits set, which strict IP validation rejects)
  --ignore IDS    silence lints everywhere, e.g. --ignore NP002,NP009 (repeatable); to silence
                  one policy, annotate it: ${IGNORE_ANNOTATION}: NP003 (why), NP005
  --show-suppressed
                  also list the findings that are not reported, with the reason: suppressed
                  (an ignore annotation or --ignore) or intended (recorded intent)
  -h, --help      show this help

Shapes that cdk8s-netpol's constructs rendered on purpose (the annotation netpol.cdk8s.io/intent,
written when guardrails are enabled) are not findings.

Output: one line per problem on stdout,
  file:line: namespace/name: field: message
and a summary on stderr.

Exit status: 0 if every NetworkPolicy is valid (warnings allowed), 1 if any is invalid (or has a
lint finding with --strict), 2 on usage errors or unreadable or unparsable input.
`;

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check NetworkPolicies in YAML/JSON files against the API server rules and the guardrail lints',
  help: HELP,
  options: { 'strict': FLAG, 'ignore': VALUE, 'show-suppressed': FLAG },

  run(args: ParsedArgs, io: Io): number {
    if (args.positionals.length === 0) throw new UsageError('no files or directories given');
    const strict = args.options.strict === true;
    const showSuppressed = args.options['show-suppressed'] === true;
    const silenced = new Map<string, string>();
    for (const value of (args.options.ignore as string[] | undefined) ?? []) {
      for (const { id } of parseSuppressions(value)) {
        try {
          silenced.set(lintRule(id).id, 'netpol validate --ignore');
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
    }

    const loaded = loadManifests(args.positionals, io.readStdin);
    for (const e of loaded.errors) io.stderr(`netpol validate: cannot read ${e.file}: ${e.reason}\n`);
    for (const w of loaded.warnings) io.stderr(`netpol validate: warning: ${w}\n`);

    // Decoded once: each policy is validated once, and the lints read the same snapshot.
    const snapshot = decodeManifests(loaded.objects.map((o) => ({ manifest: o.object, where: locate(o) })));
    // Objects kubectl could not read either (a List whose items is not a list, ...).
    const unreadable = snapshot.broken.filter((b) => b.unreadable);
    for (const b of unreadable) io.stderr(`netpol validate: cannot read ${b.where}: ${b.message}\n`);
    const lines = new Map<number, string[]>();
    const add = (input: number, text: string) => lines.set(input, [...(lines.get(input) ?? []), text]);
    const prefix = (input: number) => `${locate(loaded.objects[input])}: ${displayName(loaded.objects[input].object)}`;
    let errors = 0;
    let warnings = 0;
    let suppressed = 0;
    let intended = 0;
    for (const p of snapshot.invalid) {
      errors += p.errors.length;
      for (const e of p.errors) add(p.input, `${prefix(p.input)}: ${e.path}: ${e.message}`);
    }
    for (const r of lintSnapshot(snapshot, { silenced })) {
      const at = `${prefix(r.policy.input)}: ${r.field}`;
      if (!isActive(r)) {
        if (r.intended !== undefined) intended++;
        else suppressed++;
        const why = silencedBecause(r);
        if (showSuppressed) add(r.policy.input, `${at}: ${r.intended !== undefined ? 'intended' : 'suppressed'} ${r.id}${why ? ` (${why})` : ''}: ${r.message}`);
        continue;
      }
      if (strict) errors++;
      else warnings++;
      add(r.policy.input, `${at}: ${strict ? 'error' : 'warning'} ${r.id}: ${r.message}. Fix: ${r.fix}`);
    }
    const policies = [...snapshot.invalid.map((p) => p.input), ...snapshot.policies.map((p) => p.input)].sort((a, b) => a - b);
    for (const input of policies) for (const l of lines.get(input) ?? []) io.stdout(`${l}\n`);
    const invalid = snapshot.invalid.length;

    const where = `in ${count(loaded.files.length, 'file', 'files')}`;
    if (loaded.files.length === 0) {
      // Nothing could be read; the errors above say why.
    } else if (policies.length === 0) {
      io.stderr(`netpol validate: no NetworkPolicy found ${where}\n`);
    } else {
      const counts = [`${invalid} invalid`, count(errors, 'error', 'errors'), count(warnings, 'warning', 'warnings')];
      if (suppressed > 0) counts.push(`${suppressed} suppressed`);
      if (intended > 0) counts.push(`${intended} intended`);
      if (!showSuppressed && suppressed + intended > 0) counts[counts.length - 1] += ' (--show-suppressed lists them)';
      io.stderr(`netpol validate: ${count(policies.length, 'NetworkPolicy', 'NetworkPolicies')} ${where}: ${counts.join(', ')}\n`);
    }
    if (loaded.errors.length > 0 || unreadable.length > 0) return 2;
    return errors > 0 ? 1 : 0;
  },
};
