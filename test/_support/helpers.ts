import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/** Every NetworkPolicy a chart synthesizes, in order. */
export function policies(chart: Chart): any[] {
  return Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy');
}

/** The only NetworkPolicy a chart synthesizes. */
export function onlyPolicy(chart: Chart): any {
  const all = policies(chart);
  expect(all).toHaveLength(1);
  return all[0];
}

/** The policies of a chart as YAML text, the form users review. */
export function policiesYaml(chart: Chart): string {
  return Yaml.stringify(...policies(chart));
}

/** The documents of a YAML fixture under test/fixtures. */
export function fixture(name: string): any[] {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJSON());
}
