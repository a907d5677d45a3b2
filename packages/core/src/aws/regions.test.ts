import { describe, expect, it } from 'vitest';
import { thrownAsync } from '../errors/thrown-wizard-error';
import { checkRegion, regionInfo } from './regions';

describe('regions from the SDK endpoint data', () => {
  it('knows the regions of every partition', async () => {
    expect(await regionInfo('us-east-2')).toMatchObject({ partition: 'aws' });
    expect(await regionInfo('cn-north-1')).toMatchObject({ partition: 'aws-cn' });
    expect(await regionInfo('us-gov-west-1')).toMatchObject({ partition: 'aws-us-gov' });
  });

  it('refuses a region that only looks like one, naming the field', async () => {
    const error = await thrownAsync(() => checkRegion('eu-west-9', '--region'));
    expect(error).toMatchObject({ code: 'INPUT_REGION_UNKNOWN', source: 'user', field: '--region' });
    expect(error.message).toContain('eu-west-9');
    expect(await regionInfo('not-a-region')).toBeUndefined();
  });

  it('refuses a region of another partition than the ARN', async () => {
    const error = await thrownAsync(() => checkRegion('us-east-2', '--secret', 'aws-cn'));
    expect(error).toMatchObject({ code: 'INPUT_ARN_PARTITION_REGION', field: '--secret' });
    expect(error.message).toContain('aws-cn');
    await expect(checkRegion('cn-northwest-1', '--secret', 'aws-cn')).resolves.toMatchObject({ partition: 'aws-cn' });
  });
});
