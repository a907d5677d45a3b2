import { canonicalJson, changeKindTitle, isAdministratorChange, type AccountWrites, type Change, type ChangeAction, type ChangeKind, type ConsumerPrincipal, type Plan, type PolicyDocument } from '@secret-share-wizard/core';

/**
 * What one review shows, without `vscode`: the title (naming the secret and the consumer, and
 * whether it is under review or applied), and one entry per document with its label (kind and
 * account), its text before and after. The extension opens the entries together in VS Code's
 * multi-diff editor (review-editor.ts); the approval lists the same writes per account.
 */

export type ReviewOperation = 'share' | 'revoke' | 'restore';
/** `review`: waiting for Apply/Discard; `applied`: the writes are done; `not-applied`: failed or rolled back; `blocked`: findings stop it. */
export type ReviewState = 'review' | 'applied' | 'not-applied' | 'blocked';

export interface ReviewSubject {
  operation: ReviewOperation;
  /** The secret's name. */
  secret: string;
  /** The consumer as people say it: an account id, or "ROLE (account)". */
  consumer: string;
  /** Restore: when the backup was written (ISO). */
  backupCreatedAt?: string;
}

export interface ReviewEntry {
  /** Unique in the review: the kind and the target. */
  id: string;
  kind: ChangeKind | 'new-key-policy';
  /** "Secret resource policy — account 111111111111" (AWS); the file's path (file mode). */
  label: string;
  account?: string;
  action: ChangeAction;
  broadensAccess: boolean;
  /** Text before; null when the document does not exist yet. */
  before: string | null;
  /** Text after; null when the change deletes it (the review shows it as empty). */
  after: string | null;
  /** Shown for the consumer's administrator, not written by this run. */
  notWritten?: boolean;
}

export interface Review {
  /** Same key → same review: opening it again replaces the earlier tab. */
  key: string;
  subject: ReviewSubject;
  entries: ReviewEntry[];
}

/** The core's one vocabulary ("Secret resource policy"), plus the policy of a key the move creates. */
function entryTitle(kind: ReviewEntry['kind']): string {
  return kind === 'new-key-policy' ? 'New KMS key policy' : changeKindTitle(kind);
}

const STATE_WORDS: Record<ReviewState, string> = {
  review: 'review',
  applied: 'applied',
  'not-applied': 'not applied',
  blocked: 'blocked',
};

/** "Secret resource policy — account 111111111111". */
export function entryLabel(kind: ReviewEntry['kind'], account: string): string {
  return `${entryTitle(kind)} — account ${account}`;
}

/** An account id, or "ROLE (222222222222)" for a role or user. */
export function consumerLabel(consumer: Pick<ConsumerPrincipal, 'kind' | 'account' | 'arn'> & { name?: string }): string {
  if (consumer.kind === 'account') return consumer.account;
  const name = consumer.name ?? consumer.arn.split('/').pop() ?? consumer.arn;
  return `${name} (${consumer.account})`;
}

function localDate(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

/** The review's base title: "Share MY_SECRET with 222222222222". */
export function reviewBaseTitle(subject: ReviewSubject): string {
  switch (subject.operation) {
    case 'share':
      return `Share ${subject.secret} with ${subject.consumer}`;
    case 'revoke':
      return `Revoke ${subject.secret} from ${subject.consumer}`;
    case 'restore':
      return `Restore ${subject.secret} for ${subject.consumer}${subject.backupCreatedAt ? ` (backup of ${localDate(subject.backupCreatedAt)})` : ''}`;
  }
}

/** The tab title: "Share MY_SECRET with 222222222222 — review" (then "— applied"). */
export function reviewTitle(subject: ReviewSubject, state: ReviewState, note?: string): string {
  return `${reviewBaseTitle(subject)} — ${STATE_WORDS[state]}${note ? ` (${note})` : ''}`;
}

export function reviewKey(subject: ReviewSubject): string {
  return `${subject.operation}|${subject.secret}|${subject.consumer}`;
}

function text(document: PolicyDocument | { KmsKeyId: string } | null | undefined): string | null {
  if (document === null || document === undefined) return null;
  return 'Statement' in document ? `${canonicalJson(document)}\n` : `${JSON.stringify(document, null, 2)}\n`;
}

/** The entries of a list of changes: every change that writes, plus what is handed to the consumer's administrator. */
export function reviewEntries(changes: Change[]): ReviewEntry[] {
  const entries: ReviewEntry[] = [];
  for (const change of changes) {
    if (change.action === 'none') continue;
    const notWritten = isAdministratorChange(change);
    const label = `${entryLabel(change.kind, change.account)}${notWritten ? ' (for its administrator, not written)' : change.action === 'delete' ? ' (deleted)' : ''}`;
    entries.push({
      id: `${change.kind}|${change.target}`,
      kind: change.kind,
      label,
      account: change.account,
      action: change.action,
      broadensAccess: change.broadensAccess,
      before: text(change.before),
      after: text(change.after),
      ...(notWritten ? { notWritten } : {}),
    });
    if (change.kind === 'secret-key' && change.newKey) {
      entries.push({ id: `new-key-policy|${change.target}`, kind: 'new-key-policy', label: entryLabel('new-key-policy', change.account), account: change.account, action: 'create', broadensAccess: false, before: null, after: text(change.newKey.policy) });
    }
  }
  return entries;
}

export function subjectOfPlan(plan: Pick<Plan, 'operation' | 'secret' | 'consumer'>): ReviewSubject {
  return { operation: plan.operation, secret: plan.secret.name, consumer: consumerLabel(plan.consumer) };
}

export function reviewOfPlan(plan: Pick<Plan, 'operation' | 'secret' | 'consumer' | 'changes'>): Review {
  const subject = subjectOfPlan(plan);
  return { key: reviewKey(subject), subject, entries: reviewEntries(plan.changes) };
}

export function reviewOfChanges(subject: ReviewSubject, changes: Change[]): Review {
  return { key: reviewKey(subject), subject, entries: reviewEntries(changes) };
}

const WRITE_WORDS: Record<ChangeKind, string> = {
  'secret-policy': 'secret resource policy',
  'key-policy': 'KMS key policy',
  'identity-policy': 'identity policy',
  'secret-key': 'secret encryption key',
};

/** "account 111111111111 (owner): secret resource policy, KMS key policy; account 222222222222 (consumer): identity policy". */
export function writesPerAccount(accounts: AccountWrites[]): string {
  return accounts.map((group) => `account ${group.account} (${group.side}${group.profile ? `, profile ${group.profile}` : ''}): ${group.writes.map((w) => `${WRITE_WORDS[w.kind]}${w.action === 'delete' ? ' (deleted)' : w.action === 'create' ? ' (created)' : ''}`).join(', ')}`).join('; ');
}

/** The approval's message: what Apply does, per account, in one sentence. */
export function approvalMessage(subject: ReviewSubject, accounts: AccountWrites[], broadensAccess: boolean): string {
  const writes = accounts.reduce((n, group) => n + group.writes.length, 0);
  const verb = subject.operation === 'share' ? 'Apply' : subject.operation === 'revoke' ? 'Revoke with' : 'Restore with';
  return `${reviewBaseTitle(subject)}: ${verb} ${writes} write${writes === 1 ? '' : 's'} in ${accounts.length} account${accounts.length === 1 ? '' : 's'}${broadensAccess ? ', broadening access' : ''} — ${writesPerAccount(accounts)}.`;
}
