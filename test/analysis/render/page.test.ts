// The HTML page's client files (src/analysis/render/page/): jsii compiles only .ts, so they reach lib/
// through page/assets.generated.ts, which must match them; and the script, plain JavaScript that the
// project's tsc and lint skip, is type-checked and linted here.
import * as fs from 'fs';
import * as path from 'path';
import { loadESLint } from 'eslint';
import * as ts from 'typescript';
import { ASSETS_FILE, PAGE_DIR, pageAssetsSource } from '../../../scripts/embed-page';
import { PAGE_SCRIPT, PAGE_STYLE } from '../../../src/analysis/render/page/assets.generated';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('page assets', () => {
  test('assets.generated.ts holds the current client.js and page.css (else run scripts/embed-page.ts)', () => {
    expect(fs.readFileSync(ASSETS_FILE, 'utf8')).toBe(pageAssetsSource());
    expect(PAGE_SCRIPT).toBe(fs.readFileSync(path.join(PAGE_DIR, 'client.js'), 'utf8'));
    expect(PAGE_STYLE).toBe(fs.readFileSync(path.join(PAGE_DIR, 'page.css'), 'utf8'));
  });

  test('client.js type-checks as browser code against PageData (page/tsconfig.json)', () => {
    const configFile = path.join(PAGE_DIR, 'tsconfig.json');
    const config = ts.readConfigFile(configFile, ts.sys.readFile);
    expect(config.error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, PAGE_DIR);
    expect(parsed.options.checkJs).toBe(true);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    expect(ts.formatDiagnostics([...parsed.errors, ...ts.getPreEmitDiagnostics(program)], host)).toBe('');
    // PageData really was checked, not an unresolved `any`.
    expect(program.getSourceFiles().map((f) => path.relative(ROOT, f.fileName))).toContain(path.join('src', 'analysis', 'render', 'html.ts'));
  }, 60_000);

  test('client.js passes eslint:recommended and the house @stylistic rules of .eslintrc.json', async () => {
    // .eslintrc.json skips *.js and parses with the TypeScript project; here its layout rules apply to the script.
    const eslintrc = JSON.parse(fs.readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    const house = Object.fromEntries(Object.entries(eslintrc.rules).filter(([name]) => name.startsWith('@stylistic/') || name === 'curly'));
    expect(Object.keys(house)).toEqual(expect.arrayContaining(['@stylistic/indent', '@stylistic/quotes', '@stylistic/semi', 'curly']));
    const LegacyESLint = await loadESLint({ useFlatConfig: false });
    const eslint = new LegacyESLint({
      cwd: ROOT,
      useEslintrc: false,
      ignore: false,
      baseConfig: {
        root: true,
        env: { browser: true, es2022: true },
        parserOptions: { ecmaVersion: 2022, sourceType: 'script' },
        plugins: ['@stylistic'],
        extends: ['eslint:recommended'],
        rules: { ...house, 'no-var': 'error', 'prefer-const': 'error', 'eqeqeq': 'error' },
      },
    });
    const [result] = await eslint.lintFiles([path.join(PAGE_DIR, 'client.js')]);
    const problems = result.messages.map((m) => `client.js:${m.line}:${m.column} ${m.message} (${m.ruleId})`);
    expect(problems).toEqual([]);
  }, 60_000);
});
