/**
 * The bundle keeps start-up cheap: what `--help` loads (cli.js and its static imports) holds no AWS
 * SDK, Ink, React or prompt library; every command runs in the engine (engine.cjs, compiled with V8's
 * code cache), which holds no UI library; the wizard's Ink UI is ESM in ui/. Checked on esbuild's
 * metafile of the real build.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliTo } from './cli-support';

interface Output {
  bytes: number;
  entryPoint?: string;
  inputs: Record<string, { bytesInOutput: number }>;
  imports: Array<{ path: string; kind: string; external?: boolean }>;
}

let dir: string;
let outputs: Record<string, Output>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-cli-bundle-'));
  await buildCliTo(join(dir, 'dist'), { metafile: true });
  outputs = (JSON.parse(await readFile(join(dir, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, Output> }).outputs;
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function outputOf(predicate: (name: string, output: Output) => boolean): string {
  const found = Object.entries(outputs).find(([name, output]) => predicate(name, output));
  if (!found) throw new Error('no such output');
  return found[0];
}

/** An output and everything it imports statically (what loads before any dynamic import runs). */
function staticGraph(start: string): { files: string[]; bytes: number; inputs: string[] } {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const entry of outputs[name]!.imports) {
      if (entry.kind !== 'import-statement' || entry.external) continue;
      const target = Object.keys(outputs).find((candidate) => candidate.endsWith(`/${basename(entry.path)}`));
      if (target) visit(target);
    }
  };
  visit(start);
  const files = [...seen];
  return { files, bytes: files.reduce((sum, file) => sum + outputs[file]!.bytes, 0), inputs: files.flatMap((file) => Object.keys(outputs[file]!.inputs)) };
}

const HEAVY = /node_modules\/(@aws-sdk|@smithy|ink|react|react-reconciler|yoga-layout|@inquirer|diff|jsonc-parser)\//;

describe('bundle', () => {
  it('start-up (--help, --version) loads under 10 KB and nothing heavy', () => {
    const graph = staticGraph(outputOf((name) => name.endsWith('/cli.js')));
    expect(graph.files.length).toBeGreaterThan(1);
    // --help and --version are answered from the command map alone: not even the argument parser loads.
    expect(graph.inputs).toContain('src/cli/main-help.ts');
    expect(graph.inputs).not.toContain('src/cli/args.ts');
    expect(graph.inputs.filter((input) => HEAVY.test(input))).toEqual([]);
    expect(graph.inputs.some((input) => input.includes('packages/core/src/plan/'))).toBe(false);
    expect(graph.bytes).toBeLessThan(10_000);
  });

  it('the engine is one CommonJS file with every command, the core and the AWS SDK, and no UI library', () => {
    const engine = outputs[outputOf((name) => name.endsWith('/engine.cjs'))]!;
    const inputs = Object.keys(engine.inputs);
    for (const command of ['plan', 'apply', 'verify', 'doctor', 'revoke', 'restore', 'audit', 'list', 'demo', 'wizard']) expect(inputs).toContain(`src/commands/${command}.ts`);
    expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-secrets-manager/'))).toBe(true);
    // EC2 (for `audit --all-regions` only) is a file of its own: its schemas alone are 850 KB.
    expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-ec2/'))).toBe(false);
    expect(Object.keys(outputs[outputOf((name) => name.endsWith('/engine-ec2.cjs'))]!.inputs).some((input) => input.includes('node_modules/@aws-sdk/client-ec2/'))).toBe(true);
    // ASCII only: the loader decodes it as latin1 (packages/tui/src/engine/load-engine.ts).
    expect(readFileSync(join(dir, 'dist', 'engine.cjs')).some((byte) => byte > 0x7f)).toBe(false);
    // Every command compiles (or deserializes) all of it: kept small.
    expect(engine.bytes).toBeLessThan(1_500_000);
    expect(inputs.filter((input) => /node_modules\/(ink|react|react-reconciler|yoga-layout|@inquirer)\//.test(input))).toEqual([]);
    // Every import left is a Node built-in: the UI modules are reached through the loader cli.js registers.
    expect(engine.imports.filter((entry) => !entry.path.startsWith('node:') && !builtinModules.includes(entry.path))).toEqual([]);
  });

  it("the wizard's UI (Ink, the prompts) is ESM in ui/, with none of the AWS SDK and no second engine", () => {
    for (const entry of ['ui/render-wizard.js', 'ui/run-plain.js']) {
      const graph = staticGraph(outputOf((name) => name.endsWith(`/${entry}`)));
      expect(graph.inputs.filter((input) => /node_modules\/(@aws-sdk|@smithy)\//.test(input))).toEqual([]);
      expect(graph.inputs.some((input) => input.includes('src/commands/apply.ts') || input.includes('src/cli/main.ts'))).toBe(false);
      expect(graph.bytes).toBeLessThan(500_000);
    }
    expect(staticGraph(outputOf((name) => name.endsWith('/ui/render-wizard.js'))).inputs.some((input) => input.includes('node_modules/ink/'))).toBe(true);
  });

  it('everything is bundled: the only imports left are Node built-ins', () => {
    const external = Object.values(outputs)
      .flatMap((output) => output.imports.filter((entry) => entry.external).map((entry) => entry.path))
      .filter((path) => !path.startsWith('node:') && !builtinModules.includes(path));
    expect([...new Set(external)]).toEqual([]);
  });
});
