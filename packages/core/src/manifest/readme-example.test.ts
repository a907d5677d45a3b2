import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseManifest } from './parse-manifest';

describe('the README manifest example', () => {
  it('is a valid manifest', async () => {
    const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
    const example = /## Shares as code[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const manifest = await parseManifest(example!, 'README.md');
    expect(manifest.data.shares).toHaveLength(2);
    expect(manifest.data.shares[0]!.secrets.map((s) => Object.keys(s)[0])).toEqual(['arn', 'name', 'prefix', 'tags']);
  });
});
