import type { ChangeAction, ChangeKind, IdentityTarget } from '../plan/plan-types';

export const BACKUP_SCHEMA = 'secret-share-wizard/backup@1';

/** What happened to one document, as recorded in the manifest (updated after every step). */
export type BackupEntryStatus = 'about-to-write' | 'written' | 'failed' | 'rolled-back' | 'rollback-failed';

/** One document the apply was about to overwrite. */
export interface BackupEntry {
  /** 1-based, in write order. */
  index: number;
  kind: ChangeKind;
  /** ARN of what is written (secret, key, managed policy, or role/user for an inline policy). */
  target: string;
  /** Account the write happens in. */
  account: string;
  action: ChangeAction;
  /** Identity-policy entries: where the document goes (role/user, managed or inline, policy name/ARN). */
  identity?: IdentityTarget;
  /** File holding the live document read just before the write; null when the document did not exist. */
  beforeFile: string | null;
  /** File holding what was about to be written; null when the write deletes the document. */
  afterFile: string | null;
  /** Other documents the write removes on the way (old managed-policy versions), each in its own file. */
  extraFiles: Array<{ file: string; description: string }>;
  /** A KMS key the apply created (secret-key move). */
  createdKeyArn?: string;
  status: BackupEntryStatus;
  /** When the status was last set. */
  updatedAt: string;
}

/** A share record tag (record/share-record.ts) as it was before the run: restore sets it back. */
export interface BackupRecordState {
  /** The secret that carries the tag: the manifest's secret or one of `batch.secretArns`. */
  secretArn: string;
  /** `secret-share-wizard:share:<10 hex>`. */
  key: string;
  /** The tag's value before the run; null: the secret had no such tag. */
  before: string | null;
}

export interface BackupManifest {
  schema: typeof BACKUP_SCHEMA;
  /** When the backup folder was created. */
  createdAt: string;
  operation: 'apply' | 'revoke' | 'restore';
  /** The plan's creation time, when the writes came from a plan. */
  planCreatedAt?: string;
  secret: { arn: string; account: string; region: string; partition: string };
  /** `grantee`: how the resource policies name the consumer when it is not `arn` (arn/grantee.ts: a role bound by condition). */
  consumer: { arn: string; account: string; grantee?: string };
  /** Accounts written to: the secret owner and, for the identity policy, the consumer. */
  accounts: { owner: string; consumer: string };
  /**
   * A run over many shares (a manifest, share-many): every secret and consumer it names. `secret`
   * and `consumer` above are the first of each; restore may write what either names.
   */
  batch?: { secretArns: string[]; consumers: Array<{ arn: string; account: string; grantee?: string }> };
  /**
   * The AWS profile NAMES and region the run was given (never credentials), so that the printed
   * restore command carries every flag it needs. Absent: the default chain / the ARNs' regions.
   */
  profiles?: { owner?: string; consumer?: string };
  region?: string;
  /**
   * The share records (tags) the run writes or removes, as they were before it: a share's record
   * (absent before, or the record a re-share replaces), the record a revoke removes; a restore keeps
   * the tags it sets back as they were before it (so that restoring the restore puts them back too).
   * Absent in backups of older versions.
   */
  records?: BackupRecordState[];
  entries: BackupEntry[];
}

export interface BackupSummary {
  folder: string;
  createdAt: string;
  operation: BackupManifest['operation'];
  secretArn: string;
  consumerArn: string;
  /** Entries whose write is in place (what a restore would undo). */
  written: number;
  entries: number;
}
