import type { IAMClient } from '@aws-sdk/client-iam';
import type { AccountClients, AwsContext } from '../aws/aws-context';
import { awsCall, awsErrorName } from '../aws/aws-errors';
import {
  listAttachedPolicyArns,
  listPolicyEntities,
  optionalRead,
  readInlinePolicy,
  readManagedPolicy,
  readVersionDocument,
  rememberPolicyVersion,
  type PolicyEntities,
  type PolicyVersionInfo,
} from '../aws/read-consumer';
import { loadIamSdk, type IamSdk } from '../aws/sdk';
import { bugError, userError } from '../errors/wizard-error';
import type { IdentityTarget } from '../plan/plan-types';
import { documentsEquivalent } from '../policy/normalise-policy';
import type { PolicyDocument } from '../policy/policy-types';
import type { UndoJournal, WriteHooks } from './undo-journal';
import { resourceOf } from '../arn/arn';
import { compareText } from '../text/locale-free';

/** IAM keeps at most five versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

function consumerOf(ctx: AwsContext): AccountClients {
  if (!ctx.consumer) throw bugError('consumer credentials were checked before the first identity-policy write');
  return ctx.consumer;
}

function policyArnOf(target: IdentityTarget): string {
  if (!target.policyArn) throw bugError(`the managed identity policy for ${target.arn} has no policy ARN`);
  return target.policyArn;
}

/**
 * What the read just before a managed-policy write learnt besides the document: its versions (for the
 * five-version limit) and what it is attached to. The writer uses them instead of asking again, so
 * everything it assumes was read in that same round (the preflight, or the re-read joined with the
 * previous group's writes).
 */
export interface ManagedPolicyFacts {
  versions: PolicyVersionInfo[];
  entities: PolicyEntities;
}

/** Facts per live document returned by readIdentityPolicy (the writer finds them by the document it is given). */
const factsOf = new WeakMap<object, ManagedPolicyFacts>();

export interface IdentityReadOptions {
  /**
   * The read precedes a write of an existing managed policy: also list what it is attached to
   * (ListEntitiesForPolicy, in parallel), and keep the versions and attachments for the writer.
   */
  forWrite?: boolean;
}

/**
 * The identity policy the product manages for the consumer (managed default version, or inline); null
 * when absent. Managed: ListPolicyVersions, plus GetPolicyVersion only for a default version this
 * process has not seen (read at plan time or written by this run: versions never change).
 */
export async function readIdentityPolicy(ctx: AwsContext, target: IdentityTarget, options: IdentityReadOptions = {}): Promise<PolicyDocument | null> {
  const consumer = consumerOf(ctx);
  if (target.mode === 'inline') return readInlinePolicy(consumer, target.principalKind, target.name, target.policyName);
  const policyArn = policyArnOf(target);
  // Optional: without iam:ListEntitiesForPolicy the writer lists what it needs itself.
  const entities = options.forWrite ? optionalRead(() => listPolicyEntities(consumer, policyArn)) : undefined;
  entities?.catch(() => undefined); // awaited below
  const managed = await readManagedPolicy(consumer, policyArn);
  const attachedTo = await entities;
  if (managed.document && attachedTo) factsOf.set(managed.document, { versions: managed.versions, entities: attachedTo });
  return managed.document;
}

/** The facts read with `live` (by readIdentityPolicy with `forWrite`), if any. */
export function managedPolicyFacts(live: unknown): ManagedPolicyFacts | undefined {
  return live !== null && typeof live === 'object' ? factsOf.get(live) : undefined;
}

/** `arn:aws:iam::ACCOUNT:policy/PATH/NAME` → `/PATH/` (`/` when none). */
function policyPath(policyArn: string): string {
  const resource = resourceOf(policyArn);
  const parts = resource.split('/').slice(1, -1);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

/** The IAM calls of one identity write, each through awsCall (counted, errors explained). */
class IamWriter {
  constructor(
    private readonly consumer: AccountClients,
    private readonly iam: IAMClient,
    private readonly sdk: IamSdk,
  ) {}

  static async of(ctx: AwsContext): Promise<IamWriter> {
    const consumer = consumerOf(ctx);
    return new IamWriter(consumer, await consumer.iam(), await loadIamSdk());
  }

  private call<T>(operation: string, resource: string, fn: (iam: IAMClient, sdk: IamSdk) => Promise<T>): Promise<T> {
    return awsCall(this.consumer, { service: 'iam', operation, resource }, () => fn(this.iam, this.sdk));
  }

  attach(target: IdentityTarget, policyArn: string): Promise<unknown> {
    return target.principalKind === 'role'
      ? this.call('AttachRolePolicy', target.arn, (iam, sdk) => iam.send(new sdk.AttachRolePolicyCommand({ RoleName: target.name, PolicyArn: policyArn })))
      : this.call('AttachUserPolicy', target.arn, (iam, sdk) => iam.send(new sdk.AttachUserPolicyCommand({ UserName: target.name, PolicyArn: policyArn })));
  }

  detach(target: IdentityTarget, policyArn: string): Promise<unknown> {
    return target.principalKind === 'role'
      ? this.call('DetachRolePolicy', target.arn, (iam, sdk) => iam.send(new sdk.DetachRolePolicyCommand({ RoleName: target.name, PolicyArn: policyArn })))
      : this.call('DetachUserPolicy', target.arn, (iam, sdk) => iam.send(new sdk.DetachUserPolicyCommand({ UserName: target.name, PolicyArn: policyArn })));
  }

  async listVersions(policyArn: string): Promise<PolicyVersionInfo[]> {
    const result = await this.call('ListPolicyVersions', policyArn, (iam, sdk) => iam.send(new sdk.ListPolicyVersionsCommand({ PolicyArn: policyArn })));
    return (result.Versions ?? []).map((version) => ({
      id: version.VersionId ?? '',
      isDefault: version.IsDefaultVersion === true,
      created: version.CreateDate ? new Date(version.CreateDate).getTime() : 0,
    }));
  }

  /** A listed version's document: remembered by this process when it read or wrote it, else GetPolicyVersion. */
  async versionDocument(policyArn: string, version: PolicyVersionInfo): Promise<PolicyDocument> {
    const document = await readVersionDocument(this.consumer, policyArn, version);
    if (!document) throw new Error(`version ${version.id} of ${policyArn} does not exist (any more)`);
    return document;
  }

  async createVersion(policyArn: string, document: PolicyDocument, setAsDefault: boolean): Promise<string> {
    const result = await this.call('CreatePolicyVersion', policyArn, (iam, sdk) =>
      iam.send(new sdk.CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: setAsDefault })),
    );
    const versionId = result.PolicyVersion?.VersionId ?? '';
    // Known from here on: the re-read after the last write needs no GetPolicyVersion for it.
    rememberPolicyVersion(this.consumer, policyArn, versionId, result.PolicyVersion?.CreateDate, document);
    return versionId;
  }

  deleteVersion(policyArn: string, versionId: string): Promise<unknown> {
    return this.call('DeletePolicyVersion', policyArn, (iam, sdk) => iam.send(new sdk.DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
  }

  setDefaultVersion(policyArn: string, versionId: string): Promise<unknown> {
    return this.call('SetDefaultPolicyVersion', policyArn, (iam, sdk) => iam.send(new sdk.SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
  }

  async createPolicy(target: IdentityTarget, policyArn: string, document: PolicyDocument): Promise<void> {
    const result = await this.call('CreatePolicy', policyArn, (iam, sdk) =>
      iam.send(
        new sdk.CreatePolicyCommand({
          PolicyName: target.policyName,
          Path: policyPath(policyArn),
          PolicyDocument: JSON.stringify(document),
          Description: 'Written by secret-share-wizard: read one shared secret and decrypt it via Secrets Manager',
        }),
      ),
    );
    // Its first version is the document just sent, dated with the policy (CreateDate = UpdateDate for
    // a new policy; both remembered, in case the version carries either).
    for (const created of new Set([result.Policy?.CreateDate?.valueOf(), result.Policy?.UpdateDate?.valueOf()])) {
      if (created !== undefined) rememberPolicyVersion(this.consumer, policyArn, result.Policy?.DefaultVersionId ?? '', new Date(created), document);
    }
  }

  deletePolicy(policyArn: string): Promise<unknown> {
    return this.call('DeletePolicy', policyArn, (iam, sdk) => iam.send(new sdk.DeletePolicyCommand({ PolicyArn: policyArn })));
  }

  async listEntities(policyArn: string): Promise<PolicyEntities> {
    return (await listPolicyEntities(this.consumer, policyArn)) ?? { roles: [], users: [], groups: [] };
  }

  putInline(target: IdentityTarget, document: PolicyDocument): Promise<unknown> {
    const PolicyDocument = JSON.stringify(document);
    return target.principalKind === 'role'
      ? this.call('PutRolePolicy', target.arn, (iam, sdk) => iam.send(new sdk.PutRolePolicyCommand({ RoleName: target.name, PolicyName: target.policyName, PolicyDocument })))
      : this.call('PutUserPolicy', target.arn, (iam, sdk) => iam.send(new sdk.PutUserPolicyCommand({ UserName: target.name, PolicyName: target.policyName, PolicyDocument })));
  }

  deleteInline(target: IdentityTarget): Promise<unknown> {
    return target.principalKind === 'role'
      ? this.call('DeleteRolePolicy', target.arn, (iam, sdk) => iam.send(new sdk.DeleteRolePolicyCommand({ RoleName: target.name, PolicyName: target.policyName })))
      : this.call('DeleteUserPolicy', target.arn, (iam, sdk) => iam.send(new sdk.DeleteUserPolicyCommand({ UserName: target.name, PolicyName: target.policyName })));
  }
}

function entityTarget(target: IdentityTarget, kind: 'role' | 'user', name: string): IdentityTarget {
  return { ...target, principalKind: kind, name, arn: `${kind}/${name}` };
}

/** Runs an undo step, treating "already undone" answers (the entity is gone / already there) as done. */
async function tolerant(step: () => Promise<unknown>, allowed: RegExp): Promise<void> {
  try {
    await step();
  } catch (error) {
    const name = awsErrorName((error as { cause?: unknown }).cause ?? error);
    if (!allowed.test(name)) throw error;
  }
}

const GONE = /^(NoSuchEntity|NoSuchEntityException)$/;
const EXISTS = /^(EntityAlreadyExists|EntityAlreadyExistsException)$/;

/*
 * Every sub-write registers its undo BEFORE it is sent: when a request reaches IAM but its answer is
 * lost (a reset connection), the undo still runs. The undos are idempotent: detaching what is not
 * attached or deleting what is gone counts as done.
 */

async function attachWithUndo(w: IamWriter, entity: IdentityTarget, policyArn: string, journal: UndoJournal): Promise<void> {
  journal.push({ description: `detach ${policyArn} from ${entity.arn}`, run: () => tolerant(() => w.detach(entity, policyArn), GONE) });
  await w.attach(entity, policyArn);
}

async function detachWithUndo(w: IamWriter, entity: IdentityTarget, policyArn: string, journal: UndoJournal): Promise<void> {
  // Attaching an attached policy is a no-op in IAM.
  journal.push({ description: `attach ${policyArn} to ${entity.arn} again`, run: async () => void (await w.attach(entity, policyArn)) });
  await w.detach(entity, policyArn);
}

async function deleteVersionWithUndo(w: IamWriter, policyArn: string, versionId: string, document: PolicyDocument, journal: UndoJournal): Promise<void> {
  journal.push({
    description: `re-create version ${versionId} of ${policyArn} (as a new non-default version)`,
    run: async () => {
      if ((await w.listVersions(policyArn)).some((version) => version.id === versionId)) return;
      await w.createVersion(policyArn, document, false);
    },
  });
  await w.deleteVersion(policyArn, versionId);
}

async function createManaged(w: IamWriter, target: IdentityTarget, document: PolicyDocument, journal: UndoJournal, hooks: WriteHooks): Promise<void> {
  const policyArn = policyArnOf(target);
  journal.push({ description: `delete ${policyArn}`, run: () => tolerant(() => deleteManaged(w, target, [], hooks, null), GONE) });
  try {
    await w.createPolicy(target, policyArn, document);
  } catch (error) {
    // Absent a moment ago (stale check): "already exists" means our own first attempt went through
    // and its answer was lost before the SDK retried. Go on only if it holds exactly our document.
    if (!EXISTS.test(awsErrorName((error as { cause?: unknown }).cause ?? error))) throw error;
    const versions = await w.listVersions(policyArn);
    const current = versions.find((version) => version.isDefault);
    if (versions.length !== 1 || !current || !documentsEquivalent(await w.versionDocument(policyArn, current), document)) throw error;
  }
  await attachWithUndo(w, target, policyArn, journal);
}

async function updateManaged(
  ctx: AwsContext,
  w: IamWriter,
  target: IdentityTarget,
  before: PolicyDocument,
  document: PolicyDocument,
  journal: UndoJournal,
  hooks: WriteHooks,
  facts: ManagedPolicyFacts | undefined,
): Promise<void> {
  const policyArn = policyArnOf(target);
  if (!documentsEquivalent(before, document)) {
    const versions = facts?.versions ?? (await w.listVersions(policyArn));
    if (versions.length >= MAX_POLICY_VERSIONS) {
      const oldest = versions.filter((version) => !version.isDefault).sort((a, b) => a.created - b.created || compareText(a.id, b.id))[0];
      if (!oldest) throw userError('POLICY_VERSIONS_FULL', 'identity policy', `${policyArn} has ${versions.length} versions and none can be deleted`, 'Delete a version by hand and apply again');
      if (!(await hooks.confirmDeleteVersion(policyArn, oldest.id))) {
        throw userError(
          'POLICY_VERSIONS_FULL',
          'identity policy',
          `${policyArn} already has ${MAX_POLICY_VERSIONS} versions and deleting the oldest (${oldest.id}) was declined`,
          `Delete a non-default version yourself (aws iam delete-policy-version --policy-arn ${policyArn} --version-id ${oldest.id}) and apply again`,
        );
      }
      const oldDocument = await w.versionDocument(policyArn, oldest);
      await hooks.saveRemoved(`version-${oldest.id}`, oldDocument, `version ${oldest.id} of ${policyArn}, deleted to make room for the new version`);
      await deleteVersionWithUndo(w, policyArn, oldest.id, oldDocument, journal);
    }
    const previousDefault = versions.find((version) => version.isDefault)?.id;
    const known = new Set(versions.map((version) => version.id));
    journal.push({
      description: `make ${previousDefault ?? 'the previous document'} the default of ${policyArn} again and delete the new version`,
      run: async () => {
        // The new version is whichever one did not exist before (found by listing: its id may never have reached us).
        const now = await w.listVersions(policyArn);
        const created = now.filter((version) => !known.has(version.id));
        // Only when needed (moto 5 clears the flag when the default version is set as default again).
        const stillDefault = now.some((version) => version.id === previousDefault && version.isDefault);
        if (previousDefault && !stillDefault) await w.setDefaultVersion(policyArn, previousDefault);
        else if (created.length > 0) await w.createVersion(policyArn, before, true);
        for (const version of created) await w.deleteVersion(policyArn, version.id);
      },
    });
    await w.createVersion(policyArn, document, true);
  }
  const attached = facts
    ? (target.principalKind === 'role' ? facts.entities.roles : facts.entities.users).includes(target.name)
    : (await listAttachedPolicyArns(consumerOf(ctx), target.principalKind, target.name))?.includes(policyArn);
  if (!attached) await attachWithUndo(w, target, policyArn, journal);
}

/**
 * Detaches the policy from every role/user and deletes its old versions (each saved first) — those
 * writes at once, none of them changes what the policy grants where it stays attached — then deletes
 * the policy. The attachments and versions come from `facts` (read just before) when given.
 */
async function deleteManaged(w: IamWriter, target: IdentityTarget, journal: UndoJournal, hooks: WriteHooks, before: PolicyDocument | null, facts?: ManagedPolicyFacts): Promise<void> {
  const policyArn = policyArnOf(target);
  const [entities, versions] = facts ? [facts.entities, facts.versions] : await Promise.all([w.listEntities(policyArn), w.listVersions(policyArn)]);
  const attachedTo = [...entities.roles.map((name) => entityTarget(target, 'role', name)), ...entities.users.map((name) => entityTarget(target, 'user', name))];
  const old = versions.filter((v) => !v.isDefault).sort((a, b) => a.created - b.created);
  const documents = await Promise.all(old.map((version) => w.versionDocument(policyArn, version)));
  for (const [i, version] of old.entries()) {
    await hooks.saveRemoved(`version-${version.id}`, documents[i], `version ${version.id} of ${policyArn}, deleted with the policy`);
  }
  const settled = await Promise.allSettled([
    ...attachedTo.map((entity) => detachWithUndo(w, entity, policyArn, journal)),
    ...old.map((version, i) => deleteVersionWithUndo(w, policyArn, version.id, documents[i]!, journal)),
  ]);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  if (before) journal.push({ description: `re-create ${policyArn}`, run: () => tolerant(() => w.createPolicy(target, policyArn, before), EXISTS) });
  await w.deletePolicy(policyArn);
}

/**
 * Makes the consumer's identity policy `after` (null: removes it), starting from `before` (what
 * the plan saw, already checked against the live document). Every sub-write registers its undo on
 * `journal` before it is sent, so a failure half-way (even one whose answer was lost) is rolled back.
 * Managed: CreatePolicy + AttachRolePolicy/AttachUserPolicy; or CreatePolicyVersion (SetAsDefault;
 * the oldest non-default version is deleted first when five exist, after asking) + attach when not
 * attached; or detach everywhere + delete old versions + DeletePolicy. Inline: Put/Delete.
 * Mode 'none' writes nothing. `facts` (versions, attachments) come from the read just before the
 * write (readIdentityPolicy `forWrite`); without them the writer lists them itself.
 */
export async function writeIdentityPolicy(
  ctx: AwsContext,
  target: IdentityTarget,
  before: PolicyDocument | null,
  after: PolicyDocument | null,
  journal: UndoJournal,
  hooks: WriteHooks,
  facts?: ManagedPolicyFacts,
): Promise<void> {
  if (target.mode === 'none') return;
  const w = await IamWriter.of(ctx);
  if (target.mode === 'inline') {
    journal.push({
      description: before === null ? `delete inline policy ${target.policyName} of ${target.arn}` : `restore inline policy ${target.policyName} of ${target.arn}`,
      run: () => (before === null ? tolerant(() => w.deleteInline(target), GONE) : w.putInline(target, before).then(() => undefined)),
    });
    if (after === null) await w.deleteInline(target);
    else await w.putInline(target, after);
    return;
  }
  if (after === null) {
    if (before !== null) await deleteManaged(w, target, journal, hooks, before, facts);
    return;
  }
  if (before === null) await createManaged(w, target, after, journal, hooks);
  else await updateManaged(ctx, w, target, before, after, journal, hooks, facts);
}
