import { isRecordKey, isTagValue } from '../record/share-record';
import { BACKUP_SCHEMA } from './backup-types';

const KINDS = new Set(['secret-policy', 'key-policy', 'identity-policy', 'secret-key']);
const STATUSES = new Set(['about-to-write', 'written', 'failed', 'rolled-back', 'rollback-failed']);
const ACTIONS = new Set(['create', 'update', 'delete', 'none']);
const OPERATIONS = new Set(['apply', 'revoke', 'restore']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const fileOrNull = (value: unknown) => value === null || isString(value);

function entryProblem(entry: unknown, index: number): string | undefined {
  const at = `entries[${index}]`;
  if (!isObject(entry)) return `${at} is not an object`;
  if (!KINDS.has(entry.kind as string)) return `${at}.kind is ${JSON.stringify(entry.kind)}`;
  if (!STATUSES.has(entry.status as string)) return `${at}.status is ${JSON.stringify(entry.status)}`;
  if (!ACTIONS.has(entry.action as string)) return `${at}.action is ${JSON.stringify(entry.action)}`;
  if (!isString(entry.target) || !isString(entry.account)) return `${at} has no target or account`;
  if (!fileOrNull(entry.beforeFile) || !fileOrNull(entry.afterFile)) return `${at}.beforeFile/afterFile are not file names or null`;
  if (entry.extraFiles !== undefined && !(Array.isArray(entry.extraFiles) && entry.extraFiles.every((f) => isObject(f) && isString(f.file)))) return `${at}.extraFiles is not a list of files`;
  if (entry.identity !== undefined && !(isObject(entry.identity) && isString(entry.identity.arn) && isString(entry.identity.policyName))) return `${at}.identity is not an identity target`;
  return undefined;
}

/**
 * A record restore would write: a tag of one of the manifest's secrets, under a key the tool makes,
 * with a value Secrets Manager takes (or null: the tag is removed). Nothing else can be written
 * through it.
 */
function recordProblem(record: unknown, index: number, secrets: Set<string>, seen: Set<string>): string | undefined {
  const at = `records[${index}]`;
  if (!isObject(record)) return `${at} is not an object`;
  if (!isString(record.secretArn) || !secrets.has(record.secretArn)) return `${at}.secretArn ${JSON.stringify(record.secretArn)} is not a secret of this manifest`;
  if (!isString(record.key) || !isRecordKey(record.key)) return `${at}.key ${JSON.stringify(record.key)} is not a share record tag key (secret-share-wizard:share:<10 hex>)`;
  if (record.before !== null && !(isString(record.before) && isTagValue(record.before))) return `${at}.before is neither null nor a tag value (at most 256 characters: letters, digits, spaces, + - = . _ : / @)`;
  const tag = `${record.secretArn} ${record.key}`;
  if (seen.has(tag)) return `${at} names the tag ${record.key} of ${record.secretArn} a second time`;
  seen.add(tag);
  return undefined;
}

/**
 * What is wrong with a parsed manifest.json, or undefined: the schema, the secret and consumer,
 * each entry's kind, status, action, target and file names, and each share record restore would
 * write, so that nothing downstream meets a value of the wrong type. (Whether the documents may be
 * written is the write guard's question.)
 */
export function manifestProblem(value: unknown): string | undefined {
  if (!isObject(value) || value.schema !== BACKUP_SCHEMA) return `"schema" is not "${BACKUP_SCHEMA}"`;
  if (!OPERATIONS.has(value.operation as string)) return `"operation" is ${JSON.stringify(value.operation)}`;
  if (!isString(value.createdAt)) return '"createdAt" is missing';
  const secret = value.secret;
  if (!isObject(secret) || !isString(secret.arn) || !isString(secret.account) || !isString(secret.region) || !isString(secret.partition)) return '"secret" is not {arn, account, region, partition}';
  const consumer = value.consumer;
  if (!isObject(consumer) || !isString(consumer.arn) || !isString(consumer.account) || (consumer.grantee !== undefined && !isString(consumer.grantee))) return '"consumer" is not {arn, account}';
  const batch = value.batch;
  if (batch !== undefined) {
    if (!isObject(batch) || !Array.isArray(batch.secretArns) || !batch.secretArns.every(isString)) return '"batch.secretArns" is not a list of ARNs';
    if (!Array.isArray(batch.consumers) || !batch.consumers.every((c) => isObject(c) && isString(c.arn) && isString(c.account) && (c.grantee === undefined || isString(c.grantee)))) return '"batch.consumers" is not a list of {arn, account}';
  }
  if (value.profiles !== undefined && !(isObject(value.profiles) && Object.values(value.profiles).every(isString))) return '"profiles" is not a map of profile names';
  if (value.region !== undefined && !isString(value.region)) return '"region" is not a string';
  if (value.records !== undefined) {
    if (!Array.isArray(value.records)) return '"records" is not a list';
    const secrets = new Set([secret.arn, ...(isObject(batch) && Array.isArray(batch.secretArns) ? (batch.secretArns as string[]) : [])]);
    const seen = new Set<string>();
    for (const [index, record] of value.records.entries()) {
      const problem = recordProblem(record, index, secrets, seen);
      if (problem) return problem;
    }
  }
  if (!Array.isArray(value.entries)) return '"entries" is not a list';
  for (const [index, entry] of value.entries.entries()) {
    const problem = entryProblem(entry, index);
    if (problem) return problem;
  }
  return undefined;
}
