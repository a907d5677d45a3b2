import { granteeKey } from '../arn/grantee';
import type { BackupManifest } from '../backup/backup-types';
import type { Plan } from '../plan/plan-types';

/** A role or user whose identity policy the request names, and that policy. */
export interface IdentityScope {
  /** Role or user ARN. */
  principalArn: string;
  /** Managed policy ARN (`arn:P:iam::ACCOUNT:policy/NAME`); absent for an inline policy. */
  policyArn?: string;
  /** Managed or inline policy name. */
  policyName: string;
}

/**
 * What one request allows the tool to write: the documents it names and the grants it makes. Built
 * from the REQUEST (a fresh plan of it, or a backup manifest for restore), never from a plan file's
 * changes: everything in a file can be edited.
 */
export interface WriteScope {
  partition: string;
  /** The account that owns the secrets and keys. */
  ownerAccount: string;
  /** Accounts of the consumers (where identity policies are written). */
  consumerAccounts: string[];
  /**
   * Who the secret and key policies may grant: grantee keys (arn/grantee.ts): an account root, role or
   * user ARN; `condition:<role ARN>` (the root with that `aws:PrincipalArn` only); an organization id or
   * OU path (`*` with that organization condition only).
   */
  consumers: string[];
  /** Secrets the request names (share-many: several). */
  secretArns: string[];
  /** Keys the request names: the secrets' keys, the target of a move (and a key the run created). */
  keyArns: string[];
  /** Identity policies the request names. */
  identityTargets: IdentityScope[];
  /** Accounts the credentials proved (STS GetCallerIdentity) for the owner and the consumer side. */
  proved: { owner: string; consumer?: string };
}

const unique = (values: Array<string | undefined>): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];

/**
 * The scope of a plan made from the request (`planShare` / `planRevoke` on live documents), with the
 * accounts the credentials proved. Do not pass a plan read from a file: re-plan from its request.
 */
export function writeScopeForPlan(plan: Plan, proved: WriteScope['proved']): WriteScope {
  const keyArns: Array<string | undefined> = [plan.secret.keyArn];
  for (const change of plan.changes) {
    if (change.kind === 'key-policy') keyArns.push(change.target);
    if (change.kind === 'secret-key') keyArns.push(change.after.KmsKeyId);
  }
  const identity = plan.identity;
  return {
    partition: plan.secret.partition,
    ownerAccount: plan.secret.account,
    consumerAccounts: unique([plan.consumer.account, identity?.account]),
    consumers: [granteeKey(plan.consumer, plan.request.roleBinding ?? 'principal')],
    secretArns: [plan.secret.arn],
    keyArns: unique(keyArns),
    identityTargets: identity ? [{ principalArn: identity.arn, policyName: identity.policyName, ...(identity.policyArn ? { policyArn: identity.policyArn } : {}) }] : [],
    proved,
  };
}

/**
 * The scope of a restore: what the manifest names (its secret, its consumer, the keys and identity
 * policies of its entries). The manifest is editable too: the caller also checks that each entry's
 * target is the one the backup's run wrote, and the guard refuses any grant beyond that consumer.
 */
export function writeScopeForBackup(manifest: BackupManifest, proved: WriteScope['proved']): WriteScope {
  const identities: IdentityScope[] = [];
  for (const entry of manifest.entries) {
    if (entry.kind === 'identity-policy' && entry.identity) {
      identities.push({ principalArn: entry.identity.arn, policyName: entry.identity.policyName, ...(entry.identity.policyArn ? { policyArn: entry.identity.policyArn } : {}) });
    }
  }
  const batch = manifest.batch;
  return {
    partition: manifest.secret.partition,
    ownerAccount: manifest.secret.account,
    consumerAccounts: unique([manifest.consumer.account, manifest.accounts.consumer, ...(batch?.consumers.map((consumer) => consumer.account) ?? [])]),
    consumers: unique([manifest.consumer.grantee ?? manifest.consumer.arn, ...(batch?.consumers.map((consumer) => consumer.grantee ?? consumer.arn) ?? [])]),
    secretArns: unique([manifest.secret.arn, ...(batch?.secretArns ?? [])]),
    keyArns: unique(manifest.entries.flatMap((entry) => (entry.kind === 'key-policy' ? [entry.target] : entry.kind === 'secret-key' && entry.createdKeyArn ? [entry.createdKeyArn] : []))),
    identityTargets: identities,
    proved,
  };
}

/** One scope for many plans (a manifest run): the union of what each request names. */
export function unionScope(scopes: WriteScope[], proved: WriteScope['proved']): WriteScope {
  const first = scopes[0];
  const identityTargets = new Map<string, IdentityScope>();
  for (const scope of scopes) for (const target of scope.identityTargets) identityTargets.set(`${target.principalArn}|${target.policyArn ?? ''}|${target.policyName}`, target);
  return {
    partition: first?.partition ?? 'aws',
    ownerAccount: first?.ownerAccount ?? proved.owner,
    consumerAccounts: unique(scopes.flatMap((scope) => scope.consumerAccounts)),
    consumers: unique(scopes.flatMap((scope) => scope.consumers)),
    secretArns: unique(scopes.flatMap((scope) => scope.secretArns)),
    keyArns: unique(scopes.flatMap((scope) => scope.keyArns)),
    identityTargets: [...identityTargets.values()],
    proved,
  };
}
