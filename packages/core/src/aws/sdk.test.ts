import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAwsSdk } from './sdk';

describe('the AWS SDK is loaded lazily', () => {
  it('no core module imports an @aws-sdk package statically (only `import type`), but the sdk-clients modules, which are only imported dynamically', async () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          const text = await readFile(path, 'utf8');
          const sdkClient = path.includes(join('aws', 'sdk-clients'));
          // Statements may span lines: `[^;]` crosses newlines.
          const statics = sdkClient ? [] : [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"](@aws-sdk\/[^'"]+|[./]+[^'"]*sdk-clients\/[^'"]+)['"]/gm)];
          for (const match of statics) offenders.push(`${path}: ${match[0].trim()}`);
        }
      }
    };
    await walk(root);
    expect(offenders).toEqual([]);
  });

  it('loadAwsSdk returns the four client packages, memoised', async () => {
    const first = await loadAwsSdk();
    const second = await loadAwsSdk();
    expect(typeof first.sm.SecretsManagerClient).toBe('function');
    expect(typeof first.kms.KMSClient).toBe('function');
    expect(typeof first.iam.IAMClient).toBe('function');
    expect(typeof first.sts.STSClient).toBe('function');
    expect(second.sm).toBe(first.sm);
  });
});
