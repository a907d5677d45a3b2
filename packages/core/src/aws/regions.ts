import { isRegion } from '../arn/arn';
import { userError } from '../errors/wizard-error';

/**
 * Regions and partitions from the AWS SDK's own endpoint data (`@aws-sdk/core/client` `partition`),
 * loaded on first use like the SDK clients. A region the SDK does not list is refused before any
 * call is made: an unknown region otherwise ends in a DNS failure or, behind a captive proxy, an
 * HTML page the SDK cannot parse.
 */
type PartitionOf = (region: string) => { name: string; description?: string };

let loaded: Promise<PartitionOf> | undefined;

function loadPartitionOf(): Promise<PartitionOf> {
  loaded ??= import('@aws-sdk/core/client').then((module) => module.partition as unknown as PartitionOf);
  return loaded;
}

export interface RegionInfo {
  region: string;
  /** `aws`, `aws-cn`, `aws-us-gov`, ... */
  partition: string;
  description?: string;
}

/** The partition of a known region; undefined for a region the SDK does not list. */
export async function regionInfo(region: string): Promise<RegionInfo | undefined> {
  if (!isRegion(region)) return undefined;
  const info = (await loadPartitionOf())(region);
  // The SDK answers a region that only matches a partition's pattern without its description.
  if (info.description === undefined) return undefined;
  return { region, partition: info.name, description: info.description };
}

/**
 * Refuses an unknown region (`field` names where it came from) and, with `partition`, a region of
 * another partition (an ARN `arn:aws-cn:…:us-east-2:…` names no real resource).
 */
export async function checkRegion(region: string, field: string, partition?: string): Promise<RegionInfo> {
  const info = await regionInfo(region);
  if (!info) {
    throw userError('INPUT_REGION_UNKNOWN', field, `"${region}" is not an AWS region`, 'Use a region such as us-east-1, eu-west-1 or ap-southeast-2 (aws ec2 describe-regions lists yours)');
  }
  if (partition !== undefined && info.partition !== partition) {
    throw userError(
      'INPUT_ARN_PARTITION_REGION',
      field,
      `the region ${region} is in the partition "${info.partition}", but the ARN says "${partition}"`,
      `Correct the ARN: arn:${info.partition}:… for ${region}, or the region for ${partition}`,
    );
  }
  return info;
}
