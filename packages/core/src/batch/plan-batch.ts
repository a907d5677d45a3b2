import { stateWith } from '../apply/apply-plan';
import { accountOf } from '../arn/arn';
import { planRevoke } from '../plan/plan-revoke';
import { planShare } from '../plan/plan-share';
import { buildPolicyChange } from '../plan/build-change';
import type { Change, IdentityTarget, Plan, PolicyChange, ShareRequest } from '../plan/plan-types';
import { identityTargetFor } from '../plan/share-context';
import type { ShareState } from '../plan/share-state';
import { stableHash } from '../plan/sids';
import { statementsEqual } from '../policy/normalise-policy';
import type { DocumentKind, PolicyDocument, Statement } from '../policy/policy-types';

/**
 * Many share (and revoke) plans over the documents they have in common, chained: each plan is made
 * on the documents as the plans before it left them, so that every document is written ONCE with
 * everything merged into it — one secret policy per secret (all its consumers), one key policy per
 * key (every consumer and secret on it), one identity policy per role (every secret it reads).
 * Identity policies are split within IAM's size limit: when a managed policy (or the document handed
 * to a consumer's administrator) would exceed 6,144 characters, the next secrets go into `NAME-2`,
 * `NAME-3`, ... An inline policy cannot be split (IAM sums a role's inline policies): it blocks.
 *
 * Pure but for `readChunk`, which reads the live document of a further identity policy (`NAME-2`).
 */
export interface BatchItem {
  operation: 'share' | 'revoke';
  /** The request with the secret's full ARN. A share without `policyName` gets the batch name of its consumer. */
  request: ShareRequest;
  /**
   * The live state as read: the secret's policy, its key's policy, the consumer side (the identity
   * policy named by the request, or the group's first policy for a share).
   */
  state: ShareState;
}

export interface BatchPlanOptions {
  now: Date;
  /** The live identity state of another policy name for the same role/user (a split: `NAME-2`). */
  readChunk?: (item: BatchItem, policyName: string) => Promise<ShareState['identity']>;
}

/** One identity policy document among several of one role/user (the split). */
export interface IdentityChunk {
  /** The policy name (`NAME`, `NAME-2`, ...). */
  name: string;
  /** Document key (see `documentKey`). */
  document: string;
  /** Items whose statements are in it. */
  items: number[];
}

/** Items sharing one role/user, one mode and one base policy name. */
export interface IdentityGroup {
  consumer: string;
  /** The role/user; undefined for an account consumer without one (the document is for its administrator). */
  target?: IdentityTarget;
  mode: IdentityTarget['mode'];
  base: string;
  chunks: IdentityChunk[];
}

export interface BatchPlan {
  /** Per item, in input order: its plan on the chained documents (undefined when it was not planned). */
  plans: Array<Plan | undefined>;
  /** Per item: true when its plan has error findings (nothing of it is merged). */
  blocked: boolean[];
  /** One change per document, from the live document to the document after every item. Apply order: identity, key, secret. */
  changes: PolicyChange[];
  /** Parallel to `changes`: the policy name of each identity document (a split's `NAME-2`, ...), null for other kinds. */
  policyNames: Array<string | null>;
  groups: IdentityGroup[];
  /** The same items merged again onto a document another writer changed (runChanges' `remerge`). */
  remerge(change: Change, live: unknown): Change;
}

/** Default name of the identity policy of a batch: one per consumer, so later batches merge into it. */
export function batchPolicyName(consumerArn: string): string {
  return `SecretShareWizard-batch-${stableHash(consumerArn).slice(0, 8)}`;
}

/** `NAME`, `NAME-2`, `NAME-3`, ... */
export function chunkName(base: string, index: number): string {
  return index === 1 ? base : `${base}-${index}`;
}

const IDENTITY_SIZE_CODES = new Set(['SIZE_LIMIT_MANAGED_POLICY']);

interface Contribution {
  operation: BatchItem['operation'];
  state: ShareState;
  request: ShareRequest;
}

interface ChainedDocument {
  kind: DocumentKind;
  /** Identity documents: the policy name. */
  name?: string;
  target: string;
  account: string;
  identity?: IdentityTarget;
  live: PolicyDocument | null;
  current: PolicyDocument | null;
  contributions: Contribution[];
}

/** Where an identity document goes: a role/user's managed or inline policy, or the administrator's document of a consumer. */
function identityDocumentKey(consumer: string, target: IdentityTarget | undefined, name: string): string {
  if (!target) return `identity|admin|${consumer}|${name}`;
  return `identity|${target.mode}|${target.arn}|${name}`;
}

/** The key of a change's document (the same for the plan's change and the batch's). */
export function documentKey(change: Change): string {
  if (change.kind === 'identity-policy') {
    const identity = change.identity;
    return identity ? identityDocumentKey('', identity, identity.policyName) : `identity|admin|${change.target}|`;
  }
  return `${change.kind}|${change.target}`;
}

/** Statements of `after` not in `before` (added) and of `before` not in `after` (removed), by value and Sid. */
export function statementDelta(before: PolicyDocument | null, after: PolicyDocument | null, partition: string): { added: Statement[]; removed: Statement[] } {
  const missingFrom = (doc: PolicyDocument | null, statement: Statement) => !(doc?.Statement ?? []).some((other) => other.Sid === statement.Sid && statementsEqual(other, statement, partition));
  return {
    added: (after?.Statement ?? []).filter((statement) => missingFrom(before, statement)),
    removed: (before?.Statement ?? []).filter((statement) => missingFrom(after, statement)),
  };
}

function replan(operation: BatchItem['operation'], state: ShareState, request: ShareRequest, now: Date): Plan {
  return operation === 'share' ? planShare(state, request, now) : planRevoke(state, request, now);
}

function overflows(plan: Plan): boolean {
  return plan.findings.some((finding) => IDENTITY_SIZE_CODES.has(finding.code) && finding.severity === 'error');
}

/**
 * Plans every item on the chained documents (revokes first: they make room), splitting identity
 * policies at the size limit, and returns one change per document. An item whose plan has error
 * findings is marked blocked and left out of the documents; the caller decides what that means for
 * the batch (the manifest session writes nothing then).
 */
export async function planBatch(items: BatchItem[], options: BatchPlanOptions): Promise<BatchPlan> {
  const { now } = options;
  const documents = new Map<string, ChainedDocument>();
  const groups = new Map<string, IdentityGroup>();
  const plans: Array<Plan | undefined> = items.map(() => undefined);
  const blocked = items.map(() => false);
  /** The identity state (role/user, attached, other policies) of each identity document, by document key. */
  const chunkStates = new Map<string, ShareState['identity']>();
  const partition = items[0]?.state.secret.partition ?? 'aws';

  const documentFor = (key: string, make: () => Omit<ChainedDocument, 'current' | 'contributions'>): ChainedDocument => {
    let document = documents.get(key);
    if (!document) {
      const made = make();
      document = { ...made, current: made.live, contributions: [] };
      documents.set(key, document);
    }
    return document;
  };

  /** The item's state on the chained documents, with its identity in `identity` (chunk) when given. */
  const chained = (item: BatchItem, identity: { state: ShareState['identity']; key: string } | undefined): { state: ShareState; keys: Partial<Record<DocumentKind, string>> } => {
    const { state } = item;
    const keys: Partial<Record<DocumentKind, string>> = {};
    const secret = documentFor(`secret-policy|${state.secret.arn}`, () => ({ kind: 'secret-policy', target: state.secret.arn, account: state.secret.account, live: state.secretPolicy }));
    keys['secret-policy'] = `secret-policy|${state.secret.arn}`;
    let result: ShareState = { ...state, secretPolicy: secret.current };
    const keyArn = state.secret.usesAwsManagedKey ? undefined : state.secret.keyArn;
    if (keyArn && state.keyPolicy) {
      const key = documentFor(`key-policy|${keyArn}`, () => ({ kind: 'key-policy', target: keyArn, account: accountOf(keyArn) ?? state.secret.account, live: state.keyPolicy }));
      keys['key-policy'] = `key-policy|${keyArn}`;
      result = { ...result, keyPolicy: key.current };
    }
    if (identity) {
      const doc = documents.get(identity.key)!;
      keys['identity-policy'] = identity.key;
      result = identity.state ? { ...result, identity: { ...identity.state, document: doc.current } } : { ...result, identityDocument: doc.current };
    }
    return { state: result, keys };
  };

  const commit = (index: number, item: BatchItem, state: ShareState, request: ShareRequest, plan: Plan, keys: Partial<Record<DocumentKind, string>>): void => {
    plans[index] = plan;
    for (const change of plan.changes) {
      if (change.kind === 'secret-key') continue;
      const key = keys[change.kind];
      const document = key ? documents.get(key) : undefined;
      if (!document || change.action === 'none') continue;
      document.current = change.after;
      document.contributions.push({ operation: item.operation, state, request });
    }
  };

  const order = [...items.keys()].sort((a, b) => Number(items[a]!.operation === 'share') - Number(items[b]!.operation === 'share'));
  for (const index of order) {
    const item = items[index]!;
    if (item.operation === 'revoke') {
      const identity = identityOf(item, item.state.identity, item.state.identity?.target.policyName ?? item.request.policyName ?? '');
      const { state, keys } = chained(item, identity);
      const plan = replan('revoke', state, item.request, now);
      if (plan.blocked) {
        plans[index] = plan;
        blocked[index] = true;
        continue;
      }
      commit(index, item, state, item.request, plan, keys);
      continue;
    }

    // A share: its identity group, and the chunk with room for it.
    const consumer = item.state.consumer.arn;
    const base = item.request.policyName ?? batchPolicyName(consumer);
    const firstTarget = item.state.identity?.target ?? identityTargetFor(item.state.consumer, { ...item.request, policyName: base }, item.state.secret.arn, item.state.secret.name);
    const mode = firstTarget?.mode ?? 'none';
    const groupKey = `${consumer}|${firstTarget?.arn ?? ''}|${mode}|${base}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { consumer, ...(firstTarget ? { target: firstTarget } : {}), mode, base, chunks: [] };
      groups.set(groupKey, group);
      const first = identityOf(item, item.state.identity, base);
      group.chunks.push({ name: base, document: first.key, items: [] });
      chunkStates.set(first.key, first.state);
    }
    let chunk = group.chunks.at(-1)!;
    for (;;) {
      const identityState = chunkStates.get(chunk.document);
      const request: ShareRequest = { ...item.request, ...(group.target ? { policyName: chunk.name } : {}) };
      const { state, keys } = chained({ ...item, state: identityState ? { ...item.state, identity: identityState } : item.state }, { state: identityState, key: chunk.document });
      const plan = replan('share', state, request, now);
      if (overflows(plan) && mode !== 'inline' && chunk.items.length > 0) {
        // This policy is full: the next secrets go into a new one.
        const name = chunkName(base, group.chunks.length + 1);
        const next = identityOf(item, await chunkState(item, name), name);
        chunkStates.set(next.key, next.state);
        chunk = { name, document: next.key, items: [] };
        group.chunks.push(chunk);
        continue;
      }
      if (plan.blocked) {
        plans[index] = plan;
        blocked[index] = true;
        break;
      }
      commit(index, item, state, request, plan, keys);
      chunk.items.push(index);
      break;
    }
  }

  /** The identity state of a further chunk (`NAME-2`): read when there is a role/user. */
  async function chunkState(item: BatchItem, name: string): Promise<ShareState['identity']> {
    if (!item.state.identity) return undefined;
    const read = options.readChunk ? await options.readChunk(item, name) : undefined;
    return read ?? { ...item.state.identity, target: renamed(item.state.identity.target, name), document: null };
  }

  /** The document of an identity policy named `name` (registered on first use), with its identity state. */
  function identityOf(item: BatchItem, read: ShareState['identity'], name: string): { state: ShareState['identity']; key: string } {
    const consumer = item.state.consumer.arn;
    const identity = read ? { ...read, target: renamed(read.target, name) } : undefined;
    const key = identityDocumentKey(consumer, identity?.target, name);
    documentFor(key, () => ({
      kind: 'identity-policy',
      name,
      target: identity ? (identity.target.mode === 'managed' && identity.target.policyArn ? identity.target.policyArn : identity.target.arn) : consumer,
      account: identity?.target.account ?? item.state.consumer.account,
      ...(identity ? { identity: identity.target } : {}),
      live: identity ? identity.document : (item.state.identityDocument ?? null),
    }));
    return { state: identity, key };
  }

  const ordered = [...documents.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  const changes = ordered.map((document) => changeOf(document, document.live, document.current));

  function changeOf(document: ChainedDocument, before: PolicyDocument | null, after: PolicyDocument | null): PolicyChange {
    const { added, removed } = statementDelta(before, after, partition);
    return buildPolicyChange({
      kind: document.kind,
      target: document.target,
      account: document.account,
      before,
      after,
      added,
      removed,
      partition,
      ...(document.identity ? { identity: document.identity } : {}),
    });
  }

  const byKey = new Map([...documents.values()].map((document) => [documentKey(changeOf(document, null, null)), document]));
  return {
    plans,
    blocked,
    changes,
    policyNames: ordered.map((document) => document.name ?? null),
    groups: [...groups.values()],
    remerge(change, live) {
      const document = change.kind === 'secret-key' ? undefined : byKey.get(documentKey(change));
      if (!document || change.kind === 'secret-key') return { ...change, before: live, action: 'none' } as Change;
      // The same items again, in the same order, onto the version another writer left.
      let current = live as PolicyDocument | null;
      for (const contribution of document.contributions) {
        const again = replan(contribution.operation, stateWith(contribution.state, document.kind, current), contribution.request, now);
        const mine = again.changes.find((candidate): candidate is PolicyChange => candidate.kind === document.kind && documentKey(candidate) === documentKey(change));
        if (mine && mine.action !== 'none') current = mine.after;
      }
      return changeOf(document, live as PolicyDocument | null, current);
    },
  };
}

const KIND_ORDER: Record<DocumentKind, number> = { 'identity-policy': 0, 'key-policy': 1, 'secret-policy': 2 };

function renamed(target: IdentityTarget, name: string): IdentityTarget {
  if (target.policyName === name) return target;
  const policyArn = target.policyArn ? `${target.policyArn.slice(0, target.policyArn.lastIndexOf('/') + 1)}${name}` : undefined;
  return { ...target, policyName: name, ...(policyArn ? { policyArn } : {}) };
}
