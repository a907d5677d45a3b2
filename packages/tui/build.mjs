// Bundles the CLI into dist/ with esbuild: ESM for Node 20, every dependency inlined (the published
// package has no runtime dependencies, so `npx secret-share-wizard` installs one small tarball), and
// code splitting so that each command, the AWS SDK and Ink/React are separate chunks loaded on demand.
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

/** Builds into `outdir` (default packages/tui/dist, swapped in atomically); returns the esbuild metafile. */
export async function buildCli({ outdir = join(here, 'dist'), minify = true } = {}) {
  const staging = `${outdir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: here,
    entryPoints: { cli: join(here, 'src/cli.ts') },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify,
    legalComments: 'none',
    metafile: true,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
    // Some bundled CommonJS code calls require() for Node built-ins: give ESM chunks a real require.
    banner: { js: "import { createRequire as __ssw_createRequire } from 'node:module'; const require = __ssw_createRequire(import.meta.url);" },
    // Prefer packages' ESM builds: smaller, tree-shakeable, and no UMD wrappers (jsonc-parser's main is UMD).
    mainFields: ['module', 'main'],
    plugins: [coreWithoutSideEffects, withoutInkDevtools],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
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
