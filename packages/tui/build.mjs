// Bundles the CLI into dist/ with esbuild for Node 20, every dependency inlined (the published package
// has no runtime dependencies, so `npx secret-share-wizard` installs one small tarball):
//   cli.js       the executable (ESM, a few KB): --help and --version, then it loads the engine;
//   engine.cjs   every command, the core and the AWS SDK as one CommonJS file, which cli.js compiles
//                with V8's code cache (src/engine/load-engine.ts; Node 20 caches no ES module);
//   engine-ec2.cjs  the EC2 client, required by the engine only for `audit --all-regions`;
//   ui/          the wizard's Ink UI and plain prompts (ESM only: top-level await), loaded on demand.
// Also writes dist/THIRD-PARTY-LICENSES.txt for what is bundled, and refuses copyleft licences.
//
//   node build.mjs [--outdir DIR] [--metafile]
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { chmod, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const COPYLEFT = /\b(A?GPL|LGPL|SSPL|EUPL|CC-BY-SA)\b/i;

/** The package.json folder of a bundled file inside node_modules. */
function packageRootOf(file) {
  const marker = '/node_modules/';
  const index = file.lastIndexOf(marker);
  if (index < 0) return undefined;
  const rest = file.slice(index + marker.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  return file.slice(0, index + marker.length) + name;
}

async function thirdPartyNotices(metafile) {
  const roots = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const root = packageRootOf(resolve(here, input));
    if (root) roots.add(root);
  }
  const sections = [];
  const problems = [];
  for (const root of [...roots].sort()) {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
    if (COPYLEFT.test(license)) problems.push(`${pkg.name}@${pkg.version}: ${license}`);
    const files = (await readdir(root)).filter((file) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(file));
    const texts = await Promise.all(files.map((file) => readFile(join(root, file), 'utf8')));
    sections.push([`${pkg.name}@${pkg.version} — ${license}`, ...texts.map((text) => text.trim())].join('\n\n'));
  }
  if (problems.length) throw new Error(`copyleft licences in the bundle: ${problems.join(', ')}`);
  return `Third-party software bundled in secret-share-wizard (${sections.length} packages)\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

const coreDir = resolve(here, '../core/src');

/**
 * The core is side-effect free: tell esbuild, so that importing one helper (e.g. isWizardError) does
 * not drag the whole core into the start-up chunk. (Equivalent to `"sideEffects": false` for it.)
 */
const coreWithoutSideEffects = {
  name: 'core-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.sswResolving) return undefined;
      if (args.path !== '@secret-share-wizard/core' && !args.importer.startsWith(coreDir)) return undefined;
      const result = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { sswResolving: true } });
      if (result.errors.length > 0 || !result.path.startsWith(coreDir)) return undefined;
      return { path: result.path, sideEffects: false };
    });
  },
};

/** Ink imports its React DevTools bridge when DEV=true; the published CLI does not ship it. */
const withoutInkDevtools = {
  name: 'without-ink-devtools',
  setup(b) {
    b.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) => (/[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'ssw-empty' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'ssw-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * In the engine, the wizard's UI modules are the ES modules in dist/ui/, imported through the loader
 * cli.js registers (src/wizard/ui-modules.ts says why).
 */
const uiModulesFromDist = {
  name: 'ui-modules-from-dist',
  setup(b) {
    b.onResolve({ filter: /^\.\/ui-modules$/ }, (args) => ({ path: join(args.resolveDir, 'ui-modules.ts'), namespace: 'ssw-ui-modules' }));
    b.onLoad({ filter: /.*/, namespace: 'ssw-ui-modules' }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'ts',
      contents: [
        "import { UI_LOADER } from './ui-modules-key';",
        'const load = (name: string) => (globalThis as Record<symbol, (name: string) => Promise<any>>)[UI_LOADER]!(name);',
        "export const loadInkUi = () => load('render-wizard');",
        "export const loadPlainUi = () => load('run-plain');",
      ].join('\n'),
    }));
  },
};

/**
 * The wizard's UI (dist/ui/) uses a few of the core's pure helpers; what the core loads on demand (the
 * AWS SDK clients, ajv, yaml) only ever runs in the engine. Without this, those chunks would ship a
 * second time, unused, beside engine.cjs.
 */
const coreLoadsOnlyInEngine = {
  name: 'core-loads-only-in-engine',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' && args.importer.startsWith(coreDir) ? { path: args.path, namespace: 'ssw-engine-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'ssw-engine-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is loaded by the engine (dist/engine.cjs), never by the wizard's UI`)});`,
      loader: 'js',
    }));
  },
};

/**
 * The EC2 client (for `audit --all-regions`: DescribeRegions) is a file of its own, engine-ec2.cjs,
 * required only when used: its package's schemas do not tree-shake (850 KB), and in the engine they
 * would be compiled and deserialized by every command.
 */
const ec2ClientApart = {
  name: 'ec2-client-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/sdk-clients\/ec2$/ }, () => ({ path: 'ec2', namespace: 'ssw-ec2-apart' }));
    b.onLoad({ filter: /.*/, namespace: 'ssw-ec2-apart' }, () => ({ contents: "module.exports = require(require('node:path').join(__dirname, 'engine-ec2.cjs'));", loader: 'js' }));
  },
};

const common = {
  absWorkingDir: here,
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // Prefer packages' ESM builds: smaller, tree-shakeable, and no UMD wrappers (jsonc-parser's main is UMD).
  mainFields: ['module', 'main'],
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Builds into `outdir` (default packages/tui/dist, swapped in atomically); returns the esbuild metafile. */
export async function buildCli({ outdir = join(here, 'dist'), minify = true } = {}) {
  const staging = `${outdir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const [modules, engine, ec2] = await Promise.all([
    build({
      ...common,
      entryPoints: { cli: join(here, 'src/cli.ts'), 'ui/render-wizard': join(here, 'src/wizard/components/render-wizard.tsx'), 'ui/run-plain': join(here, 'src/wizard/plain/run-plain.ts') },
      outdir: staging,
      splitting: true,
      format: 'esm',
      minify,
      chunkNames: 'chunks/[name]-[hash]',
      // Some bundled CommonJS code calls require() for Node built-ins: give ESM chunks a real require.
      banner: { js: "import { createRequire as __ssw_createRequire } from 'node:module'; const require = __ssw_createRequire(import.meta.url);" },
      plugins: [coreLoadsOnlyInEngine, coreWithoutSideEffects, withoutInkDevtools],
    }),
    build({
      ...common,
      entryPoints: [join(here, 'src/engine.ts')],
      outfile: join(staging, 'engine.cjs'),
      format: 'cjs',
      minify,
      // Non-ASCII characters escaped: load-engine.ts decodes the file as latin1.
      charset: 'ascii',
      // The SDK's `await import('node:http')` and the lazily loaded commands and clients become lazy
      // require()s: code compiled through vm.Script has no dynamic import().
      supported: { 'dynamic-import': false },
      plugins: [coreWithoutSideEffects, uiModulesFromDist, ec2ClientApart],
    }),
    build({ ...common, entryPoints: [join(coreDir, 'aws/sdk-clients/ec2.ts')], outfile: join(staging, 'engine-ec2.cjs'), format: 'cjs', minify }),
  ]);
  const metafiles = [modules, engine, ec2].map((output) => output.metafile);
  const result = { metafile: { inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)), outputs: Object.assign({}, ...metafiles.map((m) => m.outputs)) } };
  await writeFile(join(staging, 'THIRD-PARTY-LICENSES.txt'), await thirdPartyNotices(result.metafile));
  const entry = join(staging, 'cli.js');
  await writeFile(entry, `#!/usr/bin/env node\n${await readFile(entry, 'utf8')}`);
  await chmod(entry, 0o755);
  // Swap the new build in with two renames, so a CLI running from outdir never sees a half-written folder.
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) await rename(outdir, old);
  await rename(staging, outdir);
  await rm(old, { recursive: true, force: true });
  return result.metafile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, metafile: { type: 'boolean' } } });
  const outdir = values.outdir ? resolve(values.outdir) : join(here, 'dist');
  const metafile = await buildCli({ outdir });
  if (values.metafile) await writeFile(join(outdir, 'meta.json'), JSON.stringify(metafile));
  process.stdout.write(`built ${basename(outdir)}/cli.js\n`);
}
