// A real cdk8s app: `npm run synth` writes one manifest per chart to dist/examples/.
import * as path from 'path';
import { examplesApp } from './app';

// The cdk8s CLI passes its output folder in CDK8S_OUTDIR.
const outdir = process.env.CDK8S_OUTDIR ?? path.join(__dirname, '..', 'dist', 'examples');
const app = examplesApp(outdir);
app.synth();
for (const chart of app.charts) {
  const objects = chart.toJson();
  const file = path.join(outdir, `${chart.node.id}.k8s.yaml`);
  console.log(`wrote ${path.relative(process.cwd(), file)}: ${objects.map((o: any) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
}
