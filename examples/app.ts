// The examples app: every documented pattern, the recipes, and workloads for the analyzer, one chart each.
import { App, Chart } from 'cdk8s';
import { Guardrails } from '../src';
import { canonicalRecipes } from './canonical-recipes';
import { documentedPatterns } from './patterns';
import { recipes, STORE } from './recipes';
import { topology } from './topology';
import { storeWorkloads } from './workloads';

/** Why two guardrails are silenced on the documented patterns. */
export const AS_DOCUMENTED = 'kept as the documentation writes it';

/** Builds the examples app; `app.synth()` writes one `<chart>.k8s.yaml` per chart to `outdir`. */
export function examplesApp(outdir: string): App {
  const app = new App({ outdir });

  // The documented patterns keep their documented specs, so two guardrails that flag them are silenced
  // where they fire, with the reason: db-policy-out isolates egress without DNS (NP005), and three
  // policies pick namespaces by a `name` label (NP006) rather than kubernetes.io/metadata.name. The
  // guardrails write these suppressions, and the rules that allow every port on purpose, as annotations,
  // so `netpol validate --strict dist/examples` agrees with synth.
  const documented = new Chart(app, 'documented-patterns');
  Guardrails.enable(documented, { strict: true });
  documentedPatterns(documented);
  Guardrails.ignore(documented.node.findChild('DbPolicyOut'), 'NP005', AS_DOCUMENTED);
  for (const id of ['NamespacePolicyIn', 'NamespacePolicyOut', 'CombinedPolicyIn']) {
    Guardrails.ignore(documented.node.findChild(id), 'NP006', AS_DOCUMENTED);
  }

  // The recipes follow our own advice: every guardrail is an error here. They protect the store, a
  // namespace of their own: `shop` is the topology's, where nothing but its graph opens or isolates pods.
  const store = new Chart(app, 'recipes', { namespace: STORE });
  Guardrails.enable(store, { strict: true });
  recipes(store);

  // The canonical recipes (kubernetes-network-policy-recipes, the Kubernetes documentation's defaults), one
  // statement each under its usual name; every guardrail is an error here too.
  const canonical = new Chart(app, 'canonical-recipes', { namespace: 'default' });
  Guardrails.enable(canonical, { strict: true });
  canonicalRecipes(canonical);

  // Pods for the analyzer (`netpol matrix dist/examples/`): the store's workloads with their one app
  // policy. The platform pods the recipes name are the topology's (one Deployment each in the app).
  const storeApp = new Chart(app, 'store-app', { namespace: STORE });
  Guardrails.enable(storeApp, { strict: true });
  storeWorkloads(storeApp);

  // The shop of issue 9 as one ConnectionGraph with its workloads, proved at synth (topology.k8s.yaml).
  const shopGraph = new Chart(app, 'topology');
  Guardrails.enable(shopGraph, { strict: true });
  topology(shopGraph);
  return app;
}
