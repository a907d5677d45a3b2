// `pnpm --filter secret-share-wizard-vscode package`: bundle, then write dist/secret-share-wizard.vsix
// with vsce (--no-dependencies: everything is in the bundle; pnpm's node_modules layout is not packable).
import { execFileSync } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
execFileSync(process.execPath, [join(here, 'build.mjs')], { stdio: 'inherit' });
copyFileSync(join(here, '../../LICENSE'), join(here, 'LICENSE.txt'));
const out = join(here, 'dist/secret-share-wizard.vsix');
execFileSync(process.execPath, [join(here, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], { cwd: here, stdio: 'inherit' });
const size = statSync(out).size;
process.stdout.write(`${out}: ${(size / 1024).toFixed(0)} KiB\n`);
if (size > 2 * 1024 * 1024) {
  process.stderr.write('The .vsix is over the 2 MB budget.\n');
  process.exit(1);
}
