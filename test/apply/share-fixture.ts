/**
 * Helpers for the apply/revoke/restore tests against moto: a context for the two demo profiles, the
 * reference share request, and a snapshot of every document a share touches.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createAwsContext, type AwsContext } from '../../packages/core/src/aws/aws-context';
import { listAttachedPolicyArns, listInlinePolicyNames, readInlinePolicy, readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { readKeyPolicy } from '../../packages/core/src/aws/read-key';
import { readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import type { DemoScenario } from '../../packages/core/src/demo/seed-scenario';
import { DEFAULT_SHARE_OPTIONS, type IdentityPolicyMode, type Plan, type ShareRequest } from '../../packages/core/src/plan/plan-types';
import { documentsEquivalent } from '../../packages/core/src/policy/normalise-policy';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import type { SeededMotoHarness } from '../support/moto';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { scriptedHost, type Host, type ProgressEvent } from '../../packages/core/src/host/host';
import { runRestoreSession } from '../../packages/core/src/session/restore-session';
import { runRevokeSession } from '../../packages/core/src/session/revoke-session';
import type { SessionOutcome } from '../../packages/core/src/session/session-types';

export function contextFor(harness: SeededMotoHarness, options: { endpoint?: string; maxAttempts?: number; consumer?: boolean } = {}): AwsContext {
  return createAwsContext({
    ownerProfile: harness.ownerProfile,
    ...(options.consumer === false ? {} : { consumerProfile: harness.consumerProfile }),
    region: harness.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: options.maxAttempts ?? 3,
  });
}

export interface ProxiedContext {
  proxy: FaultProxy;
  /** A context whose AWS calls all go through `proxy`. */
  ctx: AwsContext;
}

/** A fault proxy in front of this file's moto and a context talking through it: started in beforeAll, stopped in afterAll. */
export function useProxiedContext(moto: () => SeededMotoHarness, maxAttempts: number): () => ProxiedContext {
  let proxied: ProxiedContext | undefined;
  beforeAll(async () => {
    const proxy = await startFaultProxy(moto().endpoint);
    proxied = { proxy, ctx: contextFor(moto(), { endpoint: proxy.endpoint, maxAttempts }) };
  });
  afterAll(async () => {
    proxied?.ctx.destroy();
    await proxied?.proxy.stop();
  });
  return () => {
    if (!proxied) throw new Error('the fault proxy is not ready: call inside a test or hook');
    return proxied;
  };
}

/** Someone else writes the key policy (straight to moto, around any proxy). */
export async function putKeyPolicy(harness: SeededMotoHarness, keyArn: string, policy: PolicyDocument): Promise<void> {
  const { KMSClient, PutKeyPolicyCommand } = (await loadAwsSdk()).kms;
  const kms = new KMSClient({ profile: harness.ownerProfile, region: harness.region });
  try {
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  } finally {
    kms.destroy();
  }
}

/** The KMS key state (Enabled, PendingDeletion, ...) as the owner account sees it. */
export async function keyState(harness: SeededMotoHarness, keyArn: string): Promise<string | undefined> {
  const { KMSClient, DescribeKeyCommand } = (await loadAwsSdk()).kms;
  const kms = new KMSClient({ profile: harness.ownerProfile, region: harness.region });
  try {
    return (await kms.send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata?.KeyState;
  } finally {
    kms.destroy();
  }
}

export function shareRequest(scenario: DemoScenario, identityPolicy: IdentityPolicyMode = 'managed', extra: Partial<ShareRequest> = {}): ShareRequest {
  return { secret: scenario.secret.arn, consumer: scenario.role.arn, identityPolicy, options: DEFAULT_SHARE_OPTIONS, ...extra };
}

export { planShareFromAws as planFromAws } from '../support/plan-from-aws';

/** A host that approves the writes (as `--yes` does) and answers everything else with its default. */
export function approvingHost(events: ProgressEvent[] = []): Host & { events: ProgressEvent[] } {
  return scriptedHost({ 'approve-writes': true }, events);
}

/** `host` with its approval answered yes (its events still reach it). */
export function approving(host: Host = approvingHost()): Host {
  return { notify: (event) => host.notify(event), ask: async (question) => (question.code === 'approve-writes' ? (true as never) : host.ask(question)) };
}

/** The revoke session on an existing context (approved), for the request a share was made with. */
export function revokeShare(ctx: AwsContext, request: ShareRequest, options: { host?: Host; backupRoot?: string } = {}): Promise<SessionOutcome> {
  return runRevokeSession(
    {
      request: {
        secret: request.secret,
        consumer: request.consumer,
        ...(request.consumerIdentity ? { consumerIdentity: request.consumerIdentity } : {}),
        identityPolicy: request.identityPolicy,
        ...(request.policyName ? { policyName: request.policyName } : {}),
      },
      mode: 'apply',
    },
    { host: approving(options.host), aws: {}, context: ctx, ...(options.backupRoot ? { backupRoot: options.backupRoot } : {}) },
  );
}

/** The restore session on an existing context (approved). */
export function restoreBackup(ctx: AwsContext, folder: string, options: { host?: Host; backupRoot?: string } = {}): Promise<SessionOutcome> {
  return runRestoreSession({ folder, mode: 'apply' }, { host: approving(options.host), aws: {}, context: ctx, ...(options.backupRoot ? { backupRoot: options.backupRoot } : {}) });
}

export async function tempBackupRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ssw-backups-'));
}

/** Every document a share of MY_TEST_SECRET with PRODUCTION_SECRET_ROLE touches, as it is now. */
export interface ShareSnapshot {
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument;
  managedPolicy: PolicyDocument | null;
  managedVersions: number;
  attachedPolicies: string[];
  inlineNames: string[];
  inlinePolicy: PolicyDocument | null;
}

export async function snapshot(ctx: AwsContext, scenario: DemoScenario, plan: Plan): Promise<ShareSnapshot> {
  const consumer = ctx.consumer!;
  const identity = plan.identity!;
  const policyArn = `arn:aws:iam::${scenario.consumer.account}:policy/${identity.policyName}`;
  const [secretPolicy, keyPolicy, managed, attached, inlineNames, inlinePolicy] = await Promise.all([
    readSecretPolicy(ctx, scenario.secret.arn),
    readKeyPolicy(ctx, scenario.key.arn),
    readManagedPolicy(consumer, policyArn),
    listAttachedPolicyArns(consumer, 'role', scenario.role.name),
    listInlinePolicyNames(consumer, 'role', scenario.role.name),
    readInlinePolicy(consumer, 'role', scenario.role.name, identity.policyName),
  ]);
  return {
    secretPolicy,
    keyPolicy,
    managedPolicy: managed.document,
    managedVersions: managed.versionCount,
    attachedPolicies: [...(attached ?? [])].sort(),
    inlineNames: [...(inlineNames ?? [])].sort(),
    inlinePolicy,
  };
}

/** Same documents after normalisation, same attachments and inline policy names. */
export function sameSnapshot(a: ShareSnapshot, b: ShareSnapshot): boolean {
  return (
    documentsEquivalent(a.secretPolicy, b.secretPolicy) &&
    documentsEquivalent(a.keyPolicy, b.keyPolicy) &&
    documentsEquivalent(a.managedPolicy, b.managedPolicy) &&
    documentsEquivalent(a.inlinePolicy, b.inlinePolicy) &&
    JSON.stringify(a.attachedPolicies) === JSON.stringify(b.attachedPolicies) &&
    JSON.stringify(a.inlineNames) === JSON.stringify(b.inlineNames)
  );
}

export function expectSameSnapshot(actual: ShareSnapshot, expected: ShareSnapshot): void {
  if (!sameSnapshot(actual, expected)) expect(actual).toEqual(expected);
}

/** The state a plan leads to: each change's `after` in place (identity: managed or inline, attached). */
export function expectedAfter(original: ShareSnapshot, plan: Plan): ShareSnapshot {
  const result = { ...original };
  for (const change of plan.changes) {
    if (change.kind === 'secret-policy') result.secretPolicy = change.after;
    if (change.kind === 'key-policy' && change.after) result.keyPolicy = change.after;
    if (change.kind === 'identity-policy' && change.identity?.mode === 'managed') {
      result.managedPolicy = change.after;
      const arn = change.identity.policyArn!;
      result.attachedPolicies = change.after ? [...new Set([...original.attachedPolicies, arn])].sort() : original.attachedPolicies.filter((p) => p !== arn);
    }
    if (change.kind === 'identity-policy' && change.identity?.mode === 'inline') {
      result.inlinePolicy = change.after;
      const name = change.identity.policyName;
      result.inlineNames = change.after ? [...new Set([...original.inlineNames, name])].sort() : original.inlineNames.filter((n) => n !== name);
    }
  }
  return result;
}

/** Statement Sids of a document (for "foreign statements kept" checks). */
export function sids(doc: PolicyDocument | null): string[] {
  return (doc?.Statement ?? []).map((s) => s.Sid ?? '');
}
