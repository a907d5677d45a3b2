import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationOf, resourcePolicyCalls, roundTrips, startCountingProxy } from '../../bench/src/counting-proxy';
import { parseBenchOptions } from '../../bench/src/options';
import { renderReport } from '../../bench/src/results-file';
import { largeKeyPolicy } from '../../bench/src/sections/vscode';
import { maxInSlidingWindow, median, summarize, windowCounts } from '../../bench/src/stats';
import { formatFigure, formatRatio, formatResult, renderTable, targetMet, type Row } from '../../bench/src/table';

const root = join(import.meta.dirname, '..', '..');

describe('bench statistics', () => {
  it('median, min and max', () => {
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([30, 10, 20, 40, 1000])).toEqual({ median: 30, min: 10, max: 1000, runs: 5 });
    expect(() => median([])).toThrow();
  });

  it('requests per 1 s window, fixed and sliding', () => {
    const times = [0, 900, 950, 1000, 1050, 2500];
    expect(windowCounts(times)).toEqual([3, 2, 1]);
    // No fixed window holds more than 3, but 900..1050 holds 4 within one second.
    expect(maxInSlidingWindow(times)).toBe(4);
    expect(maxInSlidingWindow([0, 999, 1000])).toBe(2);
    expect(maxInSlidingWindow([])).toBe(0);
    // 50 requests exactly 20 ms apart fit one window; the 51st starts the next.
    expect(maxInSlidingWindow(Array.from({ length: 100 }, (_, index) => index * 20))).toBe(50);
  });
});

describe('bench table', () => {
  const summary = (median: number, min = median, max = median) => ({ median, min, max, runs: 3 });
  const coldStart: Row = {
    section: '1',
    measure: 'Cold start',
    product: { summary: summary(100, 90, 130), unit: 'ms' },
    baseline: { summary: summary(500, 450, 700), unit: 'ms' },
    ratio: 'fraction',
    target: { on: 'ratio', bound: 'max', limit: 0.25 },
  };
  const share: Row = {
    section: '2',
    measure: 'Share',
    product: { summary: summary(1200), unit: 'ms', note: '24 AWS calls' },
    baseline: { summary: summary(4800), unit: 'ms' },
    ratio: 'speedup',
    target: { on: 'ratio', bound: 'min', limit: 5 },
  };
  const simulation: Row = { section: '3', measure: 'Simulation', product: { summary: summary(61_234.4, 58_000, 63_999), unit: 'per-s' }, target: { on: 'value', bound: 'min', limit: 50_000 } };
  const missing: Row = { section: '5', measure: 'VS Code', error: 'the .vsix is missing' };

  it('figures: the median first, then (min–max) and the note', () => {
    expect(formatFigure(coldStart.product!)).toBe('100 ms (90.0 ms–130 ms)');
    expect(formatFigure(share.product!)).toBe('1,200 ms, 24 AWS calls');
    expect(formatFigure(simulation.product!)).toBe('61,234/s (58,000/s–63,999/s)');
    expect(formatFigure({ summary: summary(2.5 * 1024 * 1024), unit: 'bytes' })).toBe('2.50 MB');
    expect(formatFigure({ summary: summary(1.234), unit: 's' })).toBe('1.23 s');
  });

  it('ratios from the medians, and whether the target is met', () => {
    expect(formatRatio(coldStart)).toBe('0.20×');
    expect(targetMet(coldStart)).toBe(true);
    expect(formatRatio(share)).toBe('4.00× faster');
    expect(targetMet(share)).toBe(false);
    expect(formatResult(share)).toBe('**MISSED**');
    expect(targetMet(simulation)).toBe(true);
    expect(formatRatio(simulation)).toBe('—');
    expect(formatResult(missing)).toBe('**NOT MEASURED**: the .vsix is missing');
  });

  it('one table, every row, columns lined up', () => {
    const table = renderTable([coldStart, share, simulation, missing]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\| # +\| Measure +\| secret-share-wizard/);
    expect(lines[3]).toContain('4.00× faster');
    expect(lines[3]).toContain('≥ 5× faster');
    expect(lines[3]).toContain('**MISSED**');
    expect(lines[5]).toContain('not measured');
  });

  it('RESULTS.md: date, machine, the table, and the count of targets met and missed', () => {
    const text = renderReport({
      date: new Date('2026-11-23T09:00:00Z'),
      machine: { cores: 2, cpu: 'Test CPU', memoryGb: 4, os: 'Linux 6', node: 'v20.20.2', loadStart: 0.1, loadEnd: 0.2 },
      command: 'node bench/run.mjs',
      rows: [coldStart, share, missing],
      notes: ['a note'],
      seconds: 200,
    });
    expect(text).toContain('2026-11-23 09:00 UTC');
    expect(text).toContain('2 cores (Test CPU)');
    expect(text).toContain('Node v20.20.2');
    expect(text).toContain(renderTable([coldStart, share, missing]));
    expect(text).toContain('Targets: 1 met, 1 missed, 1 not measured.');
    expect(text).toContain('- a note');
    expect(text).not.toContain('Noisy figures');
    const busyText = renderReport({ date: new Date(), machine: { cores: 2, cpu: 'x', memoryGb: 4, os: 'Linux', node: 'v20', loadStart: 0.5, loadEnd: 9.5 }, command: 'c', rows: [], notes: [], seconds: 1 });
    expect(busyText).toContain('**Noisy figures:**');
    const busyAtStart = renderReport({ date: new Date(), machine: { cores: 2, cpu: 'x', memoryGb: 4, os: 'Linux', node: 'v20', loadStart: 2.5, loadEnd: 1 }, command: 'c', rows: [], notes: [], seconds: 1 });
    expect(busyAtStart).toContain('**Noisy figures:**');
    // The bench's own last section (code-server, chromium) raises the end load: not noise by itself.
    const ownLoadAtEnd = renderReport({ date: new Date(), machine: { cores: 2, cpu: 'x', memoryGb: 4, os: 'Linux', node: 'v20', loadStart: 0.3, loadEnd: 2.9 }, command: 'c', rows: [], notes: [], seconds: 1 });
    expect(ownLoadAtEnd).not.toContain('Noisy figures');
  });
});

describe('bench pieces', () => {
  it('options: --quick is one run and fewer secrets, and writes no results file by default', () => {
    expect(parseBenchOptions(['--quick'], 'R.md')).toMatchObject({ quick: true, runs: 1, secrets: 10, auditSecrets: 250, resultsFile: undefined });
    expect(parseBenchOptions([], 'R.md')).toMatchObject({ quick: false, runs: 5, secrets: 200, auditSecrets: 1000, resultsFile: 'R.md', build: true });
    expect(parseBenchOptions(['--quick', '--audit-secrets', '1000'], 'R.md')).toMatchObject({ auditSecrets: 1000 });
    expect(parseBenchOptions(['--only', '1,3', '--runs', '7'], 'R.md')).toMatchObject({ runs: 7, only: new Set([1, 3]) });
    expect(() => parseBenchOptions(['--runs', '0'], 'R.md')).toThrow(/--runs/);
    expect(parseBenchOptions(['--only', '6'], 'R.md')).toMatchObject({ only: new Set([6]) });
    expect(() => parseBenchOptions(['--only', '99'], 'R.md')).toThrow(/section 99/);
  });

  it('the counting proxy names each AWS operation and forwards the answer', async () => {
    expect(operationOf('/', { 'x-amz-target': 'secretsmanager.PutResourcePolicy' }, '')).toEqual({ service: 'secretsmanager', operation: 'PutResourcePolicy' });
    expect(operationOf('/', { 'x-amz-target': 'TrentService.GetKeyPolicy' }, '')).toEqual({ service: 'kms', operation: 'GetKeyPolicy' });
    expect(
      operationOf('/', { authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/20261123/us-east-1/iam/aws4_request, SignedHeaders=host' }, 'Action=CreatePolicy&Version=2010-05-08'),
    ).toEqual({ service: 'iam', operation: 'CreatePolicy' });

    // A real round trip through the proxy to a tiny HTTP server.
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('pong'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const proxy = await startCountingProxy(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const outgoing = request(`${proxy.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'secretsmanager.GetResourcePolicy' } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve(text));
        });
        outgoing.on('error', reject);
        outgoing.end('{}');
      });
      expect(body).toBe('pong');
      expect(proxy.calls).toHaveLength(1);
      expect(resourcePolicyCalls(proxy.calls)).toHaveLength(1);
      expect(proxy.calls[0]).toMatchObject({ service: 'secretsmanager', operation: 'GetResourcePolicy', status: 200 });
    } finally {
      await proxy.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the counting proxy delays answers, measures the round trips, and answers ValidateResourcePolicy as AWS', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const proxy = await startCountingProxy(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    const send = (operation: string) =>
      new Promise<string>((resolve, reject) => {
        const outgoing = request(`${proxy.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': `secretsmanager.${operation}` } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve(text));
        });
        outgoing.on('error', reject);
        outgoing.end('{}');
      });
    try {
      proxy.setDelay(40);
      const started = performance.now();
      const [, validation] = await Promise.all([send('DescribeSecret'), send('ValidateResourcePolicy')]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(39);
      expect(JSON.parse(validation)).toEqual({ PolicyValidationPassed: true, ValidationErrors: [] });
      await send('PutResourcePolicy');
      // Sent together: one round; sent after their answers: the next.
      expect(Object.fromEntries(proxy.calls.map((call) => [call.operation, call.depth]))).toEqual({ DescribeSecret: 1, ValidateResourcePolicy: 1, PutResourcePolicy: 2 });
      expect(roundTrips(proxy.calls)).toBe(2);
    } finally {
      await proxy.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('the 20 KB policy for the code-lens figure is a policy of at least 20 KB', () => {
    const text = largeKeyPolicy();
    expect(text.length).toBeGreaterThanOrEqual(20 * 1024);
    expect(text.length).toBeLessThan(24 * 1024);
    expect(JSON.parse(text).Statement[0].Sid).toBe('Enable IAM User Permissions');
  });
});

describe('bench/run.mjs --quick', () => {
  it('measures every section once and prints one table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssw-bench-test-'));
    const json = join(dir, 'bench.json');
    try {
      const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [join(root, 'bench', 'run.mjs'), '--quick', '--no-build', '--json', json], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
        child.once('error', reject);
        child.once('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
      });
      const report = JSON.parse(await readFile(json, 'utf8')) as { rows: Row[] };
      const unmeasured = report.rows.filter((row) => !row.product).map((row) => `${row.section}: ${row.error}`);
      expect(unmeasured, stderr.slice(-3_000)).toEqual([]);
      expect(code).toBe(0);
      expect(report.rows.map((row) => row.section)).toEqual(['1', '2', '3a', '3b', '4a', '4b', '4c', '4d', '5a', '5b', '5c', '6a', '6b', '6c', '6d', '6e', '7a', '7b']);
      for (const row of report.rows) expect(row.product!.summary.runs).toBeGreaterThanOrEqual(1);
      // The AWS calls of both sides of the share are counted.
      const share = report.rows.find((row) => row.section === '2')!;
      expect(share.product!.note).toMatch(/^\d+ AWS calls$/);
      expect(share.baseline!.note).toMatch(/6 aws runs, \d+ AWS calls/);
      expect(share.measure).toMatch(/AWS CLI 2\.\d+/);
      // Latency: per side the time, the calls and the round trips; the share's round trips bounded.
      for (const section of ['6a', '6b', '6c', '6e']) {
        const row = report.rows.find((r) => r.section === section)!;
        expect(row.product!.note).toMatch(/^\d+ AWS calls, \d+ round trips$/);
        expect(row.baseline!.note).toMatch(/^\d+ aws runs, \d+ AWS calls, \d+ round trips$/);
      }
      const rounds = report.rows.find((row) => row.section === '6d')!;
      expect(rounds.product!.summary.median).toBeLessThanOrEqual(7);
      expect(rounds.baseline!.summary.median).toBe(6);
      // The manifest row: one `plan -f` beside share-many once per consumer, both sides' calls counted.
      const manifest = report.rows.find((row) => row.section === '4d')!;
      expect(manifest.product!.note).toMatch(/^\d+ AWS calls, 1 process$/);
      expect(manifest.baseline!.note).toMatch(/^\d+ AWS calls, 2 processes$/);
      // The audit rows: the time beside the quota floor, the calls and grants counted; the peak within the rate.
      expect(report.rows.find((row) => row.section === '7a')!.product!.note).toMatch(/^\d+ AWS calls, \d+ grants$/);
      expect(report.rows.find((row) => row.section === '7b')!.product!.summary.max).toBeLessThanOrEqual(50);
      expect(stdout).toContain(renderTable(report.rows));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 480_000);
});
