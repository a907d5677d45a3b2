import { accountOf, partitionOf, regionOf } from '../arn/arn';
import { granteeKey, type RoleBinding } from '../arn/grantee';
import type { IdentityPolicyMode, ShareOptions } from '../plan/plan-types';
import { stableHash } from '../plan/sids';

/**
 * The record of one share, kept in AWS where every operator sees it: one tag on the secret per
 * share (secret × consumer principal × consumer role/user). `list`, `revoke` and `audit` read it
 * back; shares made before records existed are still found by the Sids the tool writes.
 *
 * Tag key:   `secret-share-wizard:share:<10 hex>` (hash of the consumer and the role/user ARNs)
 * Tag value: space-separated `name=value` fields, readable in the console, within Secrets Manager's
 *            256 characters and its tag alphabet (letters, digits, spaces and `+ - = . _ : / @`):
 *
 *   v=1 c=222222222222:role/APP r=role/APP m=managed p=<policy name> k=<key id> o=scd t=<ISO time> w=<tool>
 *
 * | field | meaning |
 * | --- | --- |
 * | `c` | the consumer principal: `ACCOUNT` (root), `ACCOUNT:role/PATH/NAME`, `ACCOUNT:user/NAME`, an organization `o-…`, an OU path `o-…/r-…/ou-…/` |
 * | `b` | `condition`: the role or user is bound by `ArnEquals aws:PrincipalArn` on its account root; absent: its ARN is the principal |
 * | `r` | the role/user that received the identity policy (`role/NAME`, in the consumer account); absent: none |
 * | `m` | identity policy mode: `managed`, `inline`, `none` (handed to the consumer's administrator) |
 * | `p` | the identity policy name (absent: none written) |
 * | `k` | the key: its id when in the secret's account and region, else its full ARN; absent: AWS managed |
 * | `o` | options: `s` AWSCURRENT only, `d` DescribeSecret granted, `c` encryption-context condition |
 * | `t` | when the share was recorded (UTC, ISO 8601 to the second) |
 * | `w` | the tool that wrote it, `name/version` |
 *
 * A value that contains a character outside the tag alphabet is written `b64.<base64url>`.
 */
export const RECORD_TAG_PREFIX = 'secret-share-wizard:share:';
export const RECORD_VALUE_MAX = 256;

export interface ShareRecord {
  /** The consumer principal ARN (account root, role or user), or the organization id / OU path. */
  consumer: string;
  /** `condition`: a role or user granted as its account root with `ArnEquals aws:PrincipalArn`. Absent: by its ARN. */
  binding?: RoleBinding;
  /** The role/user ARN that received the identity policy; undefined when none. */
  identityArn?: string;
  identityMode: IdentityPolicyMode;
  /** The identity policy name (managed or inline), when one was written or handed over. */
  policyName?: string;
  /** The customer managed key ARN; undefined for the AWS managed key. */
  keyArn?: string;
  options: ShareOptions;
  /** ISO 8601. */
  createdAt: string;
  /** `secret-share-wizard/0.2.0`. */
  tool: string;
}

const TAG_ALPHABET = /^[\p{L}\p{N} +\-=._:/@]*$/u;
/** The tag keys the tool writes records under: the prefix and 10 hex digits (`recordTagKey`). */
const RECORD_KEY = new RegExp(`^${RECORD_TAG_PREFIX}[0-9a-f]{10}$`);

/** A key `recordTagKey` makes (not only the prefix: nothing else may be written through it). */
export function isRecordKey(key: string): boolean {
  return RECORD_KEY.test(key);
}

/** A value Secrets Manager takes as a tag value: at most 256 characters of its tag alphabet. */
export function isTagValue(value: string): boolean {
  return value.length <= RECORD_VALUE_MAX && TAG_ALPHABET.test(value);
}

function encodeField(value: string): string {
  if (TAG_ALPHABET.test(value) && !value.includes(' ') && !value.startsWith('b64.')) return value;
  return `b64.${Buffer.from(value, 'utf8').toString('base64url')}`;
}

function decodeField(value: string): string {
  return value.startsWith('b64.') ? Buffer.from(value.slice(4), 'base64url').toString('utf8') : value;
}

/**
 * The tag key of the share with the grantee `grantee` (arn/grantee.ts: the consumer ARN, or
 * `condition:<role ARN>`, or the org id / OU path) through `identityArn`.
 */
export function recordTagKey(grantee: string, identityArn?: string): string {
  return `${RECORD_TAG_PREFIX}${stableHash(grantee, identityArn ?? '').slice(0, 10)}`;
}

/** The grantee key of a record: how its share names the consumer in the resource policies. */
export function recordGrantee(record: Pick<ShareRecord, 'consumer' | 'binding'>): string {
  if (record.binding !== 'condition') return record.consumer;
  return granteeKey({ kind: /:user\//.test(record.consumer) ? 'user' : 'role', arn: record.consumer }, 'condition');
}

export function isRecordTagKey(key: string): boolean {
  return key.startsWith(RECORD_TAG_PREFIX);
}

/** `arn:aws:iam::222222222222:role/APP` → `222222222222:role/APP`; the root → `222222222222`. */
function compactPrincipal(arn: string): string {
  const account = accountOf(arn);
  const resource = arn.split(':').slice(5).join(':');
  if (!account) return arn;
  return resource === 'root' ? account : `${account}:${resource}`;
}

function expandPrincipal(value: string, partition: string): string {
  if (value.startsWith('arn:') || value.startsWith('o-')) return value;
  const [account, ...rest] = value.split(':');
  return rest.length === 0 ? `arn:${partition}:iam::${account}:root` : `arn:${partition}:iam::${account}:${rest.join(':')}`;
}

function compactTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

export function encodeRecord(record: ShareRecord, secretArn: string): string {
  const consumerAccount = accountOf(record.consumer);
  const fields: Array<[string, string | undefined]> = [
    ['v', '1'],
    ['c', compactPrincipal(record.consumer)],
    ['b', record.binding === 'condition' ? 'condition' : undefined],
    ['r', record.identityArn ? (accountOf(record.identityArn) === consumerAccount ? record.identityArn.split(':').slice(5).join(':') : record.identityArn) : undefined],
    ['m', record.identityMode],
    ['p', record.policyName],
    ['k', record.keyArn ? (sameAccountRegion(record.keyArn, secretArn) ? record.keyArn.split('/').pop() : record.keyArn) : undefined],
    ['o', `${record.options.versionStage === 'AWSCURRENT' ? 's' : ''}${record.options.grantDescribe ? 'd' : ''}${record.options.contextCondition ? 'c' : ''}` || '-'],
    ['t', compactTime(record.createdAt)],
    ['w', record.tool],
  ];
  return fields
    .filter((field): field is [string, string] => field[1] !== undefined && field[1] !== '')
    .map(([name, value]) => `${name}=${encodeField(value)}`)
    .join(' ');
}

function sameAccountRegion(keyArn: string, secretArn: string): boolean {
  return accountOf(keyArn) === accountOf(secretArn) && regionOf(keyArn) === regionOf(secretArn) && partitionOf(keyArn) === partitionOf(secretArn);
}

/** The record a tag holds, or undefined when the tag is not a record this version can read. */
export function decodeRecord(value: string, secretArn: string): ShareRecord | undefined {
  const fields = new Map<string, string>();
  for (const part of value.trim().split(/\s+/)) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    fields.set(part.slice(0, at), decodeField(part.slice(at + 1)));
  }
  if (fields.get('v') !== '1') return undefined;
  const consumerField = fields.get('c');
  const mode = fields.get('m');
  if (!consumerField || (mode !== 'managed' && mode !== 'inline' && mode !== 'none')) return undefined;
  const partition = partitionOf(secretArn);
  const consumer = expandPrincipal(consumerField, partition);
  const consumerAccount = accountOf(consumer) ?? '';
  const role = fields.get('r');
  const key = fields.get('k');
  const options = fields.get('o') ?? '';
  const record: ShareRecord = {
    consumer,
    identityMode: mode,
    options: { versionStage: options.includes('s') ? 'AWSCURRENT' : 'any', grantDescribe: options.includes('d'), contextCondition: options.includes('c') },
    createdAt: fields.get('t') ?? '',
    tool: fields.get('w') ?? '',
  };
  if (fields.get('b') === 'condition') record.binding = 'condition';
  if (role) record.identityArn = role.startsWith('arn:') ? role : `arn:${partition}:iam::${consumerAccount}:${role}`;
  const policyName = fields.get('p');
  if (policyName) record.policyName = policyName;
  if (key) record.keyArn = key.startsWith('arn:') ? key : `arn:${partition}:kms:${regionOf(secretArn)}:${accountOf(secretArn)}:key/${key}`;
  return record;
}

/** The record as one tag; throws nothing: a value over 256 characters drops the optional fields first. */
export function recordTag(record: ShareRecord, secretArn: string): { Key: string; Value: string } {
  let value = encodeRecord(record, secretArn);
  if (value.length > RECORD_VALUE_MAX) value = encodeRecord({ ...record, tool: record.tool.split('/')[0] ?? '' }, secretArn);
  if (value.length > RECORD_VALUE_MAX) value = encodeRecord({ ...record, tool: '', createdAt: record.createdAt.slice(0, 10) }, secretArn);
  return { Key: recordTagKey(recordGrantee(record), record.identityArn), Value: value.slice(0, RECORD_VALUE_MAX) };
}

/** Every record among a secret's tags. */
export function recordsFromTags(tags: Record<string, string> | undefined, secretArn: string): Array<{ key: string; record: ShareRecord }> {
  const records: Array<{ key: string; record: ShareRecord }> = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (!isRecordTagKey(key)) continue;
    const record = decodeRecord(value, secretArn);
    if (record) records.push({ key, record });
  }
  return records;
}
