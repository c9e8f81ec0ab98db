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
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: ['cdk8s-plus-28@2.5.6', 'fast-check@^4', '@types/node@^20'],
  // jsii only accepts jsii modules as dependencies: plain npm libraries ship inside our package.
  bundledDeps: ['yaml@^2.8.0'],
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

// ts-jest only transpiles (isolatedModules), so type errors in tests, examples and bench, and
// `@ts-expect-error` assertions, are checked here before jest runs.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');

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

project.addTask('bench', {
  description: 'Measure the analyzer on large inputs (speed and memory targets)',
  exec: 'ts-node -P tsconfig.dev.json bench/run.ts',
});

project.synth();
