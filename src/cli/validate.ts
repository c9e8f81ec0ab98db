// `netpol validate`: API-server validation and guardrail lints for NetworkPolicies in YAML/JSON files.
import { Command, Io, ParsedArgs, UsageError } from './_command';
import { loadManifests, LoadedObject, locate } from './_manifests';
import { IGNORE_ANNOTATION, lint, LintInput, lintRule, parseLintIds } from '../guardrails/_lints';
import { isCoreNetworkPolicy } from '../kube/objects';
import { validateNetworkPolicy } from '../validation/network-policy';

const HELP = `Usage: netpol validate [--strict] [--ignore IDS] <file|directory|->...

Checks every networking.k8s.io/v1 NetworkPolicy in the given manifests the way the Kubernetes API
server validates it, then runs the guardrail lints (NP001...). Directories are searched recursively
for *.yaml, *.yml and *.json (hidden directories and node_modules are skipped); '-' reads standard
input. YAML may hold many documents and List objects. Other kinds are not validated, but workloads
and namespaces inform the lints.

Options:
  --strict        report lint findings as errors, not warnings
  --ignore IDS    silence lints everywhere, e.g. --ignore NP002,NP009 (repeatable); to silence
                  one policy, annotate it: ${IGNORE_ANNOTATION}: NP003,NP005
  -h, --help      show this help

Output: one line per problem on stdout,
  file:document: namespace/name: field: message
and a summary on stderr.

Exit status: 0 if every NetworkPolicy is valid (warnings allowed), 1 if any is invalid (or has a
lint finding with --strict), 2 on usage errors or unreadable or unparsable input.
`;

function policyName(o: LoadedObject): string {
  const meta = o.object.metadata ?? {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(unnamed)';
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name;
}

/** NetworkPolicies of the core API, including retired apiVersions (reported as such); not Calico or Cilium. */
function isNetworkPolicy(o: LoadedObject): boolean {
  return isCoreNetworkPolicy(o.object);
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check NetworkPolicies in YAML/JSON files against the API server rules and the guardrail lints',
  help: HELP,
  options: [{ name: 'strict' }, { name: 'ignore', takesValue: true }],

  run(args: ParsedArgs, io: Io): number {
    if (args.positionals.length === 0) throw new UsageError('no files or directories given');
    const strict = args.options.strict === true;
    const ignored = new Set<string>();
    for (const value of (args.options.ignore as string[] | undefined) ?? []) {
      for (const id of parseLintIds(value)) {
        try {
          ignored.add(lintRule(id).id);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
    }

    const loaded = loadManifests(args.positionals, io.readStdin);
    for (const e of loaded.errors) io.stderr(`netpol validate: cannot read ${e.file}: ${e.reason}\n`);

    const lines = new Map<LoadedObject, string[]>();
    let invalid = 0;
    let errors = 0;
    let warnings = 0;
    const policies = loaded.objects.filter(isNetworkPolicy);
    for (const o of policies) {
      const problems = validateNetworkPolicy(o.object).filter((p) => p.severity === 'error');
      if (problems.length > 0) invalid++;
      errors += problems.length;
      lines.set(o, problems.map((p) => `${locate(o)}: ${policyName(o)}: ${p.path}: ${p.message}`));
    }
    const inputs: LintInput[] = loaded.objects.map((o) => ({ manifest: o.object, where: locate(o), silenced: ignored }));
    for (const r of lint(inputs)) {
      const o = loaded.objects[r.input];
      const severity = strict ? 'error' : 'warning';
      if (strict) errors++;
      else warnings++;
      lines.get(o)!.push(`${locate(o)}: ${policyName(o)}: ${r.field}: ${severity} ${r.id}: ${r.message}. Fix: ${r.fix}`);
    }
    for (const o of policies) for (const l of lines.get(o)!) io.stdout(`${l}\n`);

    const where = `in ${count(loaded.files.length, 'file', 'files')}`;
    if (loaded.files.length === 0) {
      // Nothing could be read; the errors above say why.
    } else if (policies.length === 0) {
      io.stderr(`netpol validate: no NetworkPolicy found ${where}\n`);
    } else {
      const counts = [`${invalid} invalid`, count(errors, 'error', 'errors'), count(warnings, 'warning', 'warnings')];
      io.stderr(`netpol validate: ${count(policies.length, 'NetworkPolicy', 'NetworkPolicies')} ${where}: ${counts.join(', ')}\n`);
    }
    if (loaded.errors.length > 0) return 2;
    return errors > 0 ? 1 : 0;
  },
};
