import { parseKeyArn } from '../arn/key-arn';
import { isOrgConsumer, parsePrincipal } from '../arn/principal';
import { parseSecretArn } from '../arn/secret-arn';
import type { PolicyDocument } from '../policy/policy-types';
import type { PathLayers } from '../simulate/simulate-types';
import { planRevoke } from './plan-revoke';
import { planShare } from './plan-share';
import type { IdentityPolicyMode, Plan, SecretInfo, ShareOptions } from './plan-types';
import { identityTargetFor } from './share-context';
import { buildShareRequest } from './share-request';
import type { ShareState } from './share-state';

export interface OfflinePlanInput {
  /** Full secret ARN with its suffix (offline there is nothing to resolve a name with). */
  secretArn: string;
  /** Full key ARN of the secret's customer managed key; absent means the AWS managed key. */
  keyArn?: string;
  consumer: string;
  /** `--role-binding`: how a role or user consumer is named in the resource policies. */
  roleBinding?: string;
  /** `--principal-org-id` / `--principal-org-path`: the reading account's organization. */
  callerOrg?: { orgId?: string; orgPaths?: string[] };
  consumerIdentity?: string;
  identityPolicy?: IdentityPolicyMode;
  policyName?: string;
  options?: Partial<ShareOptions>;
  /** Current documents; null or absent: the document does not exist. */
  secretPolicy?: PolicyDocument | null;
  keyPolicy?: PolicyDocument | null;
  identityDocument?: PolicyDocument | null;
  /** Managed identity policy: how many versions it has (5 is the limit). */
  policyVersionCount?: number;
  /** `--move-to-key`: a key ARN (keyPolicy is then that key's policy) or `new`. */
  moveToKey?: string;
  operation?: 'share' | 'revoke';
  now?: Date;
  /**
   * The other layers of the path, from local files (`--boundary`, `--scp`, `--rcp`, `--session-policy`,
   * `--endpoint-policy`): the plan's "will it work?" goes through them. Absent: not there.
   */
  layers?: PathLayers;
}

/** The ShareState local documents describe (no AWS call). Errors name the field (`--secret-arn`, `--key-arn`, ...). */
export function offlineState(input: OfflinePlanInput): ShareState {
  const secret = parseSecretArn(input.secretArn, '--secret-arn');
  const key = input.keyArn ? parseKeyArn(input.keyArn, '--key-arn') : undefined;
  const info: SecretInfo = {
    arn: secret.arn,
    name: secret.name,
    account: secret.account,
    region: secret.region,
    partition: secret.partition,
    usesAwsManagedKey: key === undefined,
  };
  if (key) {
    info.kmsKeyId = key.arn;
    info.keyArn = key.arn;
  }
  const consumer = parsePrincipal(input.consumer, '--consumer', secret.partition);
  const state: ShareState = {
    secret: info,
    secretPolicy: input.secretPolicy ?? null,
    keyPolicy: input.keyPolicy ?? null,
    consumer,
    consumerAccountReadable: false,
  };
  if (input.layers) state.layers = input.layers;
  const target = identityTargetFor(consumer, { consumerIdentity: input.consumerIdentity, identityPolicy: input.identityPolicy ?? (isOrgConsumer(consumer) ? 'none' : 'managed'), policyName: input.policyName }, secret.arn, secret.name);
  if (target) {
    state.identity = { target, document: input.identityDocument ?? null };
    if (input.policyVersionCount !== undefined) state.identity.policyVersionCount = input.policyVersionCount;
  } else if (input.identityDocument) {
    // Account root without a role: the administrator's document, planned against as is.
    state.identityDocument = input.identityDocument;
  }
  if (input.moveToKey) state.targetKey = input.moveToKey === 'new' ? { create: true } : { arn: parseKeyArn(input.moveToKey, '--move-to-key').arn };
  return state;
}

/**
 * The same plan as from AWS, from local documents and ARNs: no AWS call. Used by the CLI's
 * `--offline` mode and the VS Code extension. Throws a WizardError naming the field on bad input.
 */
export function planOffline(input: OfflinePlanInput): Plan {
  // The state first: its parsers name the offline fields (`--secret-arn`, `--key-arn`).
  const state = offlineState(input);
  const request = buildShareRequest({
    secret: input.secretArn,
    consumer: input.consumer,
    ...(input.identityPolicy !== undefined ? { identityPolicy: input.identityPolicy } : {}),
    ...(input.consumerIdentity !== undefined ? { consumerIdentity: input.consumerIdentity } : {}),
    ...(input.roleBinding !== undefined ? { roleBinding: input.roleBinding } : {}),
    ...(input.callerOrg !== undefined ? { callerOrg: input.callerOrg } : {}),
    ...(input.policyName !== undefined ? { policyName: input.policyName } : {}),
    ...(input.options !== undefined ? { options: input.options } : {}),
    ...(input.moveToKey !== undefined ? { moveToKey: input.moveToKey } : {}),
  });
  return input.operation === 'revoke' ? planRevoke(state, request, input.now) : planShare(state, request, input.now);
}
