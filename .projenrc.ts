import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-netpol',
  description: 'Kubernetes NetworkPolicies as code for cdk8s: intent-level constructs, API-server validation at synth time, and a reachability analyzer.',
  author: 'cdk8s-netpol maintainers',
  authorAddress: 'maintainers@cdk8s-netpol.dev',
  repositoryUrl: 'https://github.com/cdk8s-netpol/cdk8s-netpol.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'kubernetes', 'networkpolicy', 'network-policy', 'security'],
  stability: 'experimental',

  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // jsii and TypeScript move together: TypeScript 7 breaks ts-node/ts-jest, jsii 5.9 pairs with TS 5.9.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.3',
  cdk8sVersion: '2.68.12',
  constructsVersion: '10.3.0',
  devDeps: [
    // Workloads of any cdk8s-plus 2.x are read by shape (src/values/_kplus.ts): no cdk8s-plus is a
    // dependency of the package; the tests run against the oldest and newest we accept.
    'cdk8s-plus-28@2.5.6', 'cdk8s-plus-34@2.0.54', 'fast-check@^4', '@types/node@^20',
    // A real browser from the npm registry for the HTML tests: the tarball ships Chromium, so a machine
    // with only Node and npm runs them. 143 is the last release whose engines accept Node 20.
    '@sparticuz/chromium@143.0.4', 'puppeteer-core@^24',
  ],
  // jsii only accepts jsii modules as dependencies: plain npm libraries ship inside our package.
  bundledDeps: ['yaml@^2.8.0', 'fastest-levenshtein@^1.0.16'],

  // Every jsii language. The names are checked by jsii at compile time; .ci/run generates each
  // language's code with jsii-pacmak, so a name that breaks one fails CI.
  publishToPypi: { distName: 'cdk8s-netpol', module: 'cdk8s_netpol' },
  publishToMaven: { javaPackage: 'dev.cdk8snetpol', mavenGroupId: 'dev.cdk8s-netpol', mavenArtifactId: 'cdk8s-netpol' },
  publishToGo: { moduleName: 'github.com/cdk8s-netpol/cdk8s-netpol-go' },
  publishToNuget: { dotNetNamespace: 'Cdk8sNetpol', packageId: 'Cdk8sNetpol' },
  bin: { netpol: 'lib/cli/netpol.js' },

  // CI is .ci/run; there is no GitHub here.
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: { include: ['examples/**/*.ts', 'bench/**/*.ts'], compilerOptions: {} },

  jestOptions: {
    // A changed snapshot must fail `npm test` and CI; `npm run test:update` refreshes them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
    },
  },

  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'bench', 'scripts'] },

  gitignore: ['/dist/examples/', '/bench/out/'],
});

// Type-aware lint through the dev tsconfig, which covers src, test, examples and bench (the project
// service would only find the root tsconfig, which covers src).
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', ['./tsconfig.dev.json', './projenrc/tsconfig.json']);

// unrs-resolver 1.13.0 (via jest 30 and eslint-import-resolver-typescript) names platform bindings that
// this registry lacks, and npm 11.16+ then rejects its own lockfile in `npm ci`. 1.12.2 has them all.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Layers import only downwards (STYLE.md): each zone lists the folders a layer must not import from.
// A wrong arrow fails `npm test`, which lints first.
const LAYERS: { [layer: string]: string[] } = {
  kube: ['values', 'validation', 'constructs', 'guardrails', 'analysis', 'graph', 'cli'],
  values: ['validation', 'constructs', 'guardrails', 'analysis', 'graph', 'cli'],
  validation: ['values', 'constructs', 'guardrails', 'analysis', 'graph', 'cli'],
  constructs: ['guardrails', 'analysis', 'graph', 'cli'],
  guardrails: ['constructs', 'analysis', 'graph', 'cli'],
  analysis: ['constructs', 'guardrails', 'graph', 'cli'],
  // The connection graph writes policies with the constructs and proves them with the analyzer.
  graph: ['cli'],
};
eslintrc?.addOverride('rules.import/no-restricted-paths', ['error', {
  zones: Object.entries(LAYERS).flatMap(([layer, below]) => [
    ...below.map((other) => ({
      target: `./src/${layer}`,
      from: `./src/${other}`,
      ...(other === 'values' ? { except: ['./enums.ts'] } : {}),
      message: `src/${layer} sits below src/${other}: move the shared piece down (kube/ or values/) instead (see STYLE.md)`,
    })),
    // The barrel re-exports every layer, so importing it from inside would hide an upward arrow.
    { target: `./src/${layer}`, from: './src/index.ts', message: 'import the module itself, not the src/index.ts barrel, so the layer rule can see the arrow' },
  ]),
}]);

// Lint first, so a failing test cannot hide a lint error. ts-jest only transpiles (isolatedModules), so
// type errors in tests, examples and bench, and `@ts-expect-error` assertions, are checked before jest.
project.testTask.reset();
project.testTask.spawn(project.tasks.tryFind('eslint')!);
project.testTask.exec('tsc --noEmit -p tsconfig.dev.json');
project.testTask.exec('jest --passWithNoTests --ci', { receiveArgs: true });

// Only the JavaScript package is built here (PyPI, Maven Central and NuGet are out of reach); the other
// languages' code is generated by `package:code`, which .ci/run runs.
project.tasks.tryFind('package-all')?.reset();
project.tasks.tryFind('package-all')?.spawn(project.tasks.tryFind('package:js')!);
project.addTask('package:code', {
  description: 'Generate the Python, Java, Go and .NET code of the jsii assembly into dist/code (no toolchains needed)',
  exec: 'jsii-pacmak --code-only --targets python,java,go,dotnet --outdir dist/code',
});

// jsii compiles only .ts: the HTML page's client.js and page.css reach lib/ through the committed
// page/assets.generated.ts; test/analysis/render/page.test.ts fails when it is stale.
project.preCompileTask.exec('ts-node -P tsconfig.dev.json scripts/embed-page.ts');

// `npm ci` on a fresh clone compiles lib/, so `npx netpol` works right away.
project.package.setScript('prepare', 'projen compile');

project.addTask('synth', {
  description: 'Synthesize the examples app (every documented pattern) into dist/examples/',
  exec: 'ts-node -P tsconfig.dev.json examples/main.ts',
});

// The docs picture and its script live in the repository, not in the package.
project.npmignore?.exclude('/scripts/', '/docs/');

project.addTask('docs:picture', {
  description: 'Regenerate docs/matrix.png, the HTML matrix of the examples app screenshotted by headless Chromium (not part of the build)',
  exec: 'ts-node -P tsconfig.dev.json scripts/matrix-picture.ts',
});

// `npm run bench -- --quick` passes its flags through to the bench.
project.addTask('bench', {
  description: 'Measure synth (side by side with cdk8s-plus-28 and raw ApiObjects) and the analyzer; writes bench/results.json and docs/BENCHMARKS.md',
}).exec('ts-node -P tsconfig.dev.json bench/run.ts', { receiveArgs: true });

project.synth();
