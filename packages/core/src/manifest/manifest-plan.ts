import type { ChangeKind, Change, Finding, Plan } from '../plan/plan-types';
import type { ShareRecord } from '../record/share-record';
import type { ResolvedShare } from './resolve-manifest';
import type { ManifestProblem } from './manifest-types';

export const MANIFEST_PLAN_SCHEMA = 'secret-share-wizard/manifest-plan@1' as const;

/**
 * Where a share the manifest lists stands in AWS:
 * - `in-sync`: its statements are in place and recorded; nothing to write;
 * - `missing`: none of its sides is in AWS;
 * - `partial`: some sides are, others are not (half-done);
 * - `drifted`: a statement of the tool was edited since (by hand);
 * - `unrecorded`: the statements are in place but the share record (tag) is missing or differs;
 * - `blocked`: it cannot be shared as asked (its error findings say why): nothing is written.
 */
export type ManifestShareStatus = 'in-sync' | 'missing' | 'partial' | 'drifted' | 'unrecorded' | 'blocked';

export interface ManifestShareEntry {
  /** The secret's full ARN. */
  secret: string;
  /** The consumer principal ARN. */
  consumer: string;
  /** The role/user that gets the identity policy, when there is one. */
  consumerRole?: string;
  /** The identity policy: its name, and who writes it (`managed`, `inline`, or `none`: the consumer's administrator). */
  identityPolicy?: { name: string; mode: 'managed' | 'inline' | 'none' };
  keyArn?: string;
  status: ManifestShareStatus;
  /** The documents the apply writes for this share (administrator documents left out). */
  pending: ChangeKind[];
  /** Its error findings (why it is blocked). */
  errors: Finding[];
  /** Where it comes from in the manifest (absent for share-many). */
  origin?: ResolvedShare['origin'];
}

/**
 * A share in AWS that the manifest does not list: recorded by the tool (a record tag on the secret;
 * `--prune` revokes it), or found only by the tool's Sids in the policy of a secret the manifest
 * lists (made before records existed, or by hand with the same statements: revoke it with `revoke`).
 */
export interface UnlistedShare {
  secret: string;
  consumer: string;
  consumerRole?: string;
  recorded: boolean;
  /** The record tag key, when recorded. */
  recordKey?: string;
  record?: ShareRecord;
  /** `revoke`: this run revokes it (--prune); `keep`: reported only. */
  action: 'revoke' | 'keep';
  errors: Finding[];
}

export interface ManifestPlan {
  schema: typeof MANIFEST_PLAN_SCHEMA;
  /** The manifest file (`share-many` for its in-memory form). */
  file: string;
  createdAt: string;
  shares: ManifestShareEntry[];
  unlisted: UnlistedShare[];
  /**
   * One change per document, each document ONCE with everything merged into it, in apply order:
   * the consumer identity policies, the key policies, the secret policies.
   */
  changes: Change[];
  /**
   * Parallel to `changes`: the policy name of each identity document (the split ones `NAME-2`, ...;
   * also of a document handed to an administrator without a role), null for the other kinds.
   */
  policyNames: Array<string | null>;
  /** Share records (tags on the secrets) this run writes and removes. */
  records: { write: number; remove: number };
  /** The distinct findings of every share's plan (warnings and infos included). */
  findings: Finding[];
  /** What the manifest resolution warned about (a selector matching no secret). */
  problems: ManifestProblem[];
  /** True when a share (or a revoke) cannot be made as asked: nothing is written. */
  blocked: boolean;
  /** Writes the apply would make: documents plus record tags (0: in sync). */
  pending: number;
  /** AWS differs from the manifest: writes pending, or shares in AWS the manifest does not list. */
  drift: boolean;
}

/** The plans behind a manifest plan (for the approval and for exports): one per share and per revoke. */
export interface ManifestPlans {
  shares: Array<Plan | undefined>;
  revokes: Array<Plan | undefined>;
}
