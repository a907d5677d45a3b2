import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

describe('the entry VS Code loads on activation (dist/extension.js)', () => {
  it('bundles only the registration code: no core, jsonc-parser, diff or AWS SDK; the features are a separate file', async () => {
    // As build.mjs bundles it: `import('./features')` stays a separate file.
    const result = await build({
      entryPoints: [join(root, 'src/extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      write: false,
      metafile: true,
      external: ['vscode'],
      supported: { 'dynamic-import': false },
      plugins: [{ name: 'lazy-features', setup: (b) => b.onResolve({ filter: /^\.\/features$/ }, () => ({ path: './features.js', external: true })) }],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((input) => relative(root, join(process.cwd(), input))).sort();
    expect(inputs).toEqual(['src/command-ids.ts', 'src/extension.ts']);
    const output = result.outputFiles[0]!.text;
    expect(output).toContain('require("./features.js")');
    expect(output.length).toBeLessThan(4 * 1024);
  });
});
