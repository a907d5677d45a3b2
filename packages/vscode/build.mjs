// Bundles the extension with esbuild, in three files VS Code loads at different times:
// - dist/extension.js: the entry, loaded on activation; it only registers commands and providers
//   (a few KB: VS Code's activation time counts loading it);
// - dist/features.js: everything else (the core, jsonc-parser, diff, the catalogue), required on
//   first use (the first lens, diagnostic, code action or command);
// - dist/aws-sdk.js: the AWS SDK clients, required only when an AWS command runs.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const clients = { 'client-secrets-manager': 'sm', 'client-kms': 'kms', 'client-iam': 'iam', 'client-sts': 'sts', 'client-organizations': 'organizations', 'client-ec2': 'ec2' };

/** `import('@aws-sdk/client-kms')` → `require('./aws-sdk.js').kms`, so the SDK stays out of extension.js. */
const lazyAwsSdk = {
  name: 'lazy-aws-sdk',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/client-(secrets-manager|kms|iam|sts|organizations|ec2)$/ }, (args) => ({ path: args.path, namespace: 'lazy-aws-sdk' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-aws-sdk' }, (args) => ({
      contents: `module.exports = require('./aws-sdk.js').${clients[args.path.slice('@aws-sdk/'.length)]};`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/aws-sdk\.js$/ }, () => ({ path: './aws-sdk.js', external: true }));
  },
};

/** `import('./features')` in the entry → `require('./features.js')`: the features stay out of extension.js. */
const lazyFeatures = {
  name: 'lazy-features',
  setup(b) {
    b.onResolve({ filter: /^\.\/features$/ }, () => ({ path: './features.js', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD main hides its requires from the bundler: take the ESM build.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({
    ...common,
    entryPoints: [join(here, 'src/extension.ts')],
    outfile: join(here, 'dist/extension.js'),
    external: ['vscode'],
    plugins: [lazyFeatures],
    // import() → require(): VS Code's extension host resolves `vscode` for CommonJS requires.
    supported: { 'dynamic-import': false },
    // When the bundle starts evaluating: the in-bundle activation figure counts the entry's evaluation too.
    banner: { js: 'globalThis.__secretShareWizardLoadedAt = performance.now();' },
  }),
  build({
    ...common,
    entryPoints: [join(here, 'src/features.ts')],
    outfile: join(here, 'dist/features.js'),
    external: ['vscode'],
    plugins: [lazyAwsSdk],
  }),
  build({
    ...common,
    stdin: {
      contents: Object.entries(clients).map(([pkg, name]) => `export * as ${name} from '@aws-sdk/${pkg}';`).join('\n'),
      resolveDir: join(here, '../core'),
      loader: 'js',
    },
    outfile: join(here, 'dist/aws-sdk.js'),
  }),
  // The lens provider's pure part, for the benchmark (no vscode).
  build({ ...common, format: 'esm', entryPoints: [join(here, 'src/lens-model.ts')], outfile: join(here, 'dist/bench/lens-model.mjs') }),
]);

// The manifest's JSON Schema (core's, the one the CLI validates with), for VS Code's JSON and YAML
// validation and completion of shares.yaml / shares.json (package.json: jsonValidation, yamlValidation).
mkdirSync(join(here, 'dist'), { recursive: true });
copyFileSync(join(here, '../core/schema/shares.schema.json'), join(here, 'dist/shares.schema.json'));
