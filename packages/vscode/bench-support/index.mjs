// Measurements of the VS Code extension for bench/ (plain Node ESM, no TypeScript needed):
//   import { measureLensMs, vsixSize, measureActivationMs, largePolicyText } from '../packages/vscode/bench-support/index.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extension = join(here, '..');
const repo = join(extension, '../..');

function ensureBuilt() {
  if (!existsSync(join(extension, 'dist/bench/lens-model.mjs'))) execFileSync(process.execPath, [join(extension, 'build.mjs')], { stdio: 'inherit' });
}

/**
 * A realistic large KMS key policy of about `bytes` characters (pretty-printed): the default admin
 * statement plus one grant per consumer account with the Secrets Manager conditions.
 */
export function largePolicyText(bytes = 20_000) {
  const statements = [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
  ];
  const doc = { Version: '2012-10-17', Statement: statements };
  for (let i = 0; JSON.stringify(doc, null, 2).length < bytes; i += 1) {
    const account = String(200000000000 + i).padStart(12, '0');
    statements.push({
      Sid: `ConsumerGrant${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:SecretARN': [`arn:aws:secretsmanager:us-east-2:111111111111:secret:APP_${i}-??????`] },
      },
    });
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Time of one code-lens pass (what the lens provider computes per document version: classify,
 * parse, lint, locate findings, lenses) on `text`, over `iterations` runs after a warm-up.
 */
export async function measureLensMs({ text = largePolicyText(), iterations = 50, warmup = 5 } = {}) {
  ensureBuilt();
  const { policyLenses } = await import(pathToFileURL(join(extension, 'dist/bench/lens-model.mjs')).href);
  for (let i = 0; i < warmup; i += 1) policyLenses(text);
  const times = [];
  let lenses = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    lenses = policyLenses(text).lenses;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { bytes: text.length, iterations, medianMs: at(0.5), p95Ms: at(0.95), maxMs: times[times.length - 1], lenses: lenses.map((l) => l.title) };
}

/** Builds the .vsix with `vsce package --no-dependencies` and returns its size. */
export function vsixSize() {
  execFileSync(process.execPath, [join(extension, 'package-vsix.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const path = join(extension, 'dist/secret-share-wizard.vsix');
  return { path, bytes: statSync(path).size };
}

/**
 * Activation time in a real VS Code (code-server + chromium): runs the extension-host test, whose
 * first test opens a JSON file and reads the extension's exports: `{ activationMs, moduleEvaluationMs,
 * activateMs }` (activationMs = bundle evaluation + activate()). Takes ~1 minute (starts code-server).
 */
export function measureActivationMs() {
  const dir = mkdtempSync(join(tmpdir(), 'ssw-bench-activation-'));
  const out = join(dir, 'activation.json');
  try {
    execFileSync('npx', ['vitest', 'run', '--project', 'e2e', 'test/vscode/extension-host.test.ts'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SSW_BENCH_OUT: out } });
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lens = await measureLensMs();
  const vsix = vsixSize();
  const report = { lens, vsixBytes: vsix.bytes };
  if (process.argv.includes('--activation')) report.activation = measureActivationMs();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
