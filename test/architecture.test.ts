// The layers of STYLE.md, checked: the eslint rule that enforces them catches a wrong arrow, and no
// `_`-prefixed module is imported from another folder.
import * as fs from 'fs';
import * as path from 'path';
// eslint 9 keeps the eslintrc-format API (which this project's config uses) here.
import { LegacyESLint } from 'eslint/use-at-your-own-risk';

const ROOT = path.join(__dirname, '..');
// projen writes a comment line first.
const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf8').replace(/^\/\/.*\n/, ''));
const RULE = 'import/no-restricted-paths';

/** The rule as configured, applied to `code` as if it were the file `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new LegacyESLint({
    cwd: ROOT,
    useEslintrc: false,
    overrideConfig: {
      parser: config.parser,
      plugins: ['import'],
      settings: config.settings,
      parserOptions: { ecmaVersion: 2018, sourceType: 'module' },
      rules: { [RULE]: config.rules[RULE] },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('layers', () => {
  test.each([
    ['src/kube/probe.ts', '../values/peer'],
    ['src/values/probe.ts', '../constructs/network-policy'],
    ['src/validation/probe.ts', '../values/peer'],
    ['src/constructs/probe.ts', '../guardrails/guardrails'],
    ['src/guardrails/probe.ts', '../constructs/network-policy'],
    ['src/analysis/probe.ts', '../constructs/network-policy'],
    ['src/analysis/engine/probe.ts', '../../cli/netpol'],
    ['src/kube/probe.ts', '..'],
  ])('fails if %s imports %s', async (file, target) => {
    expect(await layerErrors(file, `import * as x from '${target}';\nexport const y = x;\n`)).toEqual([expect.stringMatching(/restricted zone/)]);
  });

  test.each([
    ['src/values/probe.ts', '../kube/syntax'],
    ['src/analysis/probe.ts', '../values/enums'],
    ['src/guardrails/probe.ts', '../validation/decode'],
    ['src/cli/probe.ts', '../constructs/network-policy'],
  ])('lets %s import %s (downwards)', async (file, target) => {
    expect(await layerErrors(file, `import * as x from '${target}';\nexport const y = x;\n`)).toEqual([]);
  });

  test('no `_`-prefixed module is imported from another folder', () => {
    const crossings: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {walk(full);} else if (entry.name.endsWith('.ts')) {
          for (const m of fs.readFileSync(full, 'utf8').matchAll(/from '(\.[^']*)'/g)) {
            const target = path.resolve(dir, m[1]);
            if (path.basename(target).startsWith('_') && path.dirname(target) !== dir) crossings.push(`${path.relative(ROOT, full)} -> ${m[1]}`);
          }
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(crossings).toEqual([]);
  });
});
