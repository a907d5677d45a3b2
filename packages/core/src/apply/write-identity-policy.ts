import type { IAMClient } from '@aws-sdk/client-iam';
import type { AccountClients, AwsContext } from '../aws/aws-context';
import { awsCall, awsErrorName } from '../aws/aws-errors';
import { parseAwsPolicyText } from '../aws/policy-text';
import { listAttachedPolicyArns, readInlinePolicy, readManagedPolicy } from '../aws/read-consumer';
import { loadIamSdk, type IamSdk } from '../aws/sdk';
import { bugError, userError } from '../errors/wizard-error';
import type { IdentityTarget } from '../plan/plan-types';
import { documentsEquivalent } from '../policy/normalise-policy';
import type { PolicyDocument } from '../policy/policy-types';
import type { UndoJournal, WriteHooks } from './undo-journal';
import { resourceOf } from '../arn/arn';

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

/** The identity policy the product manages for the consumer (managed default version, or inline); null when absent. */
export async function readIdentityPolicy(ctx: AwsContext, target: IdentityTarget): Promise<PolicyDocument | null> {
  const consumer = consumerOf(ctx);
  if (target.mode === 'inline') return readInlinePolicy(consumer, target.principalKind, target.name, target.policyName);
  return (await readManagedPolicy(consumer, policyArnOf(target))).document;
}

/** `arn:aws:iam::ACCOUNT:policy/PATH/NAME` → `/PATH/` (`/` when none). */
function policyPath(policyArn: string): string {
  const resource = resourceOf(policyArn);
  const parts = resource.split('/').slice(1, -1);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

interface VersionInfo {
  id: string;
  isDefault: boolean;
  created: number;
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

  async listVersions(policyArn: string): Promise<VersionInfo[]> {
    const result = await this.call('ListPolicyVersions', policyArn, (iam, sdk) => iam.send(new sdk.ListPolicyVersionsCommand({ PolicyArn: policyArn })));
    return (result.Versions ?? []).map((version) => ({
      id: version.VersionId ?? '',
      isDefault: version.IsDefaultVersion === true,
      created: version.CreateDate ? new Date(version.CreateDate).getTime() : 0,
    }));
  }

  async versionDocument(policyArn: string, versionId: string): Promise<PolicyDocument> {
    const result = await this.call('GetPolicyVersion', policyArn, (iam, sdk) => iam.send(new sdk.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
    return parseAwsPolicyText(result.PolicyVersion?.Document ?? '{"Statement":[]}', `version ${versionId} of ${policyArn}`, 'identity-policy');
  }

  async createVersion(policyArn: string, document: PolicyDocument, setAsDefault: boolean): Promise<string> {
    const result = await this.call('CreatePolicyVersion', policyArn, (iam, sdk) =>
      iam.send(new sdk.CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: setAsDefault })),
    );
    return result.PolicyVersion?.VersionId ?? '';
  }

  deleteVersion(policyArn: string, versionId: string): Promise<unknown> {
    return this.call('DeletePolicyVersion', policyArn, (iam, sdk) => iam.send(new sdk.DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
  }

  setDefaultVersion(policyArn: string, versionId: string): Promise<unknown> {
    return this.call('SetDefaultPolicyVersion', policyArn, (iam, sdk) => iam.send(new sdk.SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })));
  }

  createPolicy(target: IdentityTarget, policyArn: string, document: PolicyDocument): Promise<unknown> {
    return this.call('CreatePolicy', policyArn, (iam, sdk) =>
      iam.send(
        new sdk.CreatePolicyCommand({
          PolicyName: target.policyName,
          Path: policyPath(policyArn),
          PolicyDocument: JSON.stringify(document),
          Description: 'Written by secret-share-wizard: read one shared secret and decrypt it via Secrets Manager',
        }),
      ),
    );
  }

  deletePolicy(policyArn: string): Promise<unknown> {
    return this.call('DeletePolicy', policyArn, (iam, sdk) => iam.send(new sdk.DeletePolicyCommand({ PolicyArn: policyArn })));
  }

  listEntities(policyArn: string) {
    return this.call('ListEntitiesForPolicy', policyArn, (iam, sdk) => iam.send(new sdk.ListEntitiesForPolicyCommand({ PolicyArn: policyArn })));
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
    if (versions.length !== 1 || !current || !documentsEquivalent(await w.versionDocument(policyArn, current.id), document)) throw error;
  }
  await attachWithUndo(w, target, policyArn, journal);
}

async function updateManaged(ctx: AwsContext, w: IamWriter, target: IdentityTarget, before: PolicyDocument, document: PolicyDocument, journal: UndoJournal, hooks: WriteHooks): Promise<void> {
  const policyArn = policyArnOf(target);
  if (!documentsEquivalent(before, document)) {
    const versions = await w.listVersions(policyArn);
    if (versions.length >= MAX_POLICY_VERSIONS) {
      const oldest = versions.filter((version) => !version.isDefault).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))[0];
      if (!oldest) throw userError('POLICY_VERSIONS_FULL', 'identity policy', `${policyArn} has ${versions.length} versions and none can be deleted`, 'Delete a version by hand and apply again');
      if (!(await hooks.confirmDeleteVersion(policyArn, oldest.id))) {
        throw userError(
          'POLICY_VERSIONS_FULL',
          'identity policy',
          `${policyArn} already has ${MAX_POLICY_VERSIONS} versions and deleting the oldest (${oldest.id}) was declined`,
          `Delete a non-default version yourself (aws iam delete-policy-version --policy-arn ${policyArn} --version-id ${oldest.id}) and apply again`,
        );
      }
      const oldDocument = await w.versionDocument(policyArn, oldest.id);
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
  const attached = await listAttachedPolicyArns(consumerOf(ctx), target.principalKind, target.name);
  if (!attached?.includes(policyArn)) await attachWithUndo(w, target, policyArn, journal);
}

/** Detaches the policy from every role/user, deletes its old versions (saved first), then the policy. */
async function deleteManaged(w: IamWriter, target: IdentityTarget, journal: UndoJournal, hooks: WriteHooks, before: PolicyDocument | null): Promise<void> {
  const policyArn = policyArnOf(target);
  const entities = await w.listEntities(policyArn);
  const attachedTo = [
    ...(entities.PolicyRoles ?? []).flatMap((role) => (role.RoleName ? [entityTarget(target, 'role', role.RoleName)] : [])),
    ...(entities.PolicyUsers ?? []).flatMap((user) => (user.UserName ? [entityTarget(target, 'user', user.UserName)] : [])),
  ];
  for (const entity of attachedTo) await detachWithUndo(w, entity, policyArn, journal);
  const versions = await w.listVersions(policyArn);
  for (const version of versions.filter((v) => !v.isDefault).sort((a, b) => a.created - b.created)) {
    const document = await w.versionDocument(policyArn, version.id);
    await hooks.saveRemoved(`version-${version.id}`, document, `version ${version.id} of ${policyArn}, deleted with the policy`);
    await deleteVersionWithUndo(w, policyArn, version.id, document, journal);
  }
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
 * Mode 'none' writes nothing.
 */
export async function writeIdentityPolicy(
  ctx: AwsContext,
  target: IdentityTarget,
  before: PolicyDocument | null,
  after: PolicyDocument | null,
  journal: UndoJournal,
  hooks: WriteHooks,
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
    if (before !== null) await deleteManaged(w, target, journal, hooks, before);
    return;
  }
  if (before === null) await createManaged(w, target, after, journal, hooks);
  else await updateManaged(ctx, w, target, before, after, journal, hooks);
}
