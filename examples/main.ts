// A real cdk8s app: `npm run synth` writes one manifest per chart to dist/examples/.
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Guardrails } from '../src';
import { documentedPatterns } from './patterns';
import { recipes } from './recipes';
import { platformWorkloads, shopWorkloads } from './workloads';

// The cdk8s CLI passes its output folder in CDK8S_OUTDIR.
const outdir = process.env.CDK8S_OUTDIR ?? path.join(__dirname, '..', 'dist', 'examples');
const app = new App({ outdir });

// The documented patterns stay exactly as documented, so two guardrails that flag them are silenced:
// db-policy-out isolates egress without DNS (NP005), and three policies pick namespaces by a `name`
// label (NP006) rather than kubernetes.io/metadata.name.
const documented = new Chart(app, 'documented-patterns');
Guardrails.enable(documented, { strict: true, ignore: ['NP005', 'NP006'] });
documentedPatterns(documented);

// The recipes follow our own advice: every guardrail is an error here.
const shop = new Chart(app, 'recipes', { namespace: 'shop' });
Guardrails.enable(shop, { strict: true });
recipes(shop);

// Pods for the analyzer (`netpol matrix dist/examples/`): the shop's workloads with their one app
// policy, and the platform pods the recipes name.
const shopApp = new Chart(app, 'shop-app', { namespace: 'shop' });
Guardrails.enable(shopApp, { strict: true });
shopWorkloads(shopApp);
platformWorkloads(new Chart(app, 'platform'));

app.synth();
for (const chart of app.charts) {
  const objects = chart.toJson();
  const file = path.join(outdir, `${chart.node.id}.k8s.yaml`);
  console.log(`wrote ${path.relative(process.cwd(), file)}: ${objects.map((o: any) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
}
