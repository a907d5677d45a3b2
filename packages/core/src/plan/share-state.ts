import type { ConsumerPrincipal } from '../arn/principal';
import type { PolicyDocument } from '../policy/policy-types';
import type { PathLayers } from '../simulate/simulate-types';
import type { IdentityTarget, SecretInfo } from './plan-types';

/**
 * Everything the planner needs, read from AWS (aws/read-share-state) or built from local files
 * (plan/plan-offline). The planner is a pure function of this.
 */
export interface ShareState {
  secret: SecretInfo;
  /** The secret's resource policy; null when it has none. */
  secretPolicy: PolicyDocument | null;
  /** The key policy of the customer managed key; null when the key is AWS managed or unknown. */
  keyPolicy: PolicyDocument | null;
  consumer: ConsumerPrincipal;
  identity?: {
    target: IdentityTarget;
    /** The current document of the policy we manage (managed default version, or inline); null when absent. */
    document: PolicyDocument | null;
    /** Managed mode: how many versions the policy has (5 is the limit). */
    policyVersionCount?: number;
    /** Managed mode: whether the policy is attached to the role/user. */
    attached?: boolean;
    /** The other policies on the role/user, when readable (for the simulation). */
    otherPolicies?: PolicyDocument[];
  };
  /**
   * The current identity document when there is no role/user target (account-root consumer, mode
   * 'none'), e.g. a local file given offline. Ignored when `identity` is set.
   */
  identityDocument?: PolicyDocument | null;
  /**
   * Set when the request moves the secret off `aws/secretsmanager` (request.moveToKey): the destination
   * key. For an existing key, `keyPolicy` above is that key's current policy; `create` means a new key.
   */
  targetKey?: { arn: string } | { create: true };
  /**
   * Tags of the key whose policy the plan edits (the secret's key, or the destination of a move), from
   * kms:ListResourceTags; undefined when not read or not readable. IaC markers are found in them.
   */
  keyTags?: Record<string, string>;
  /** Whether the consumer account could be read (a consumer profile was given). */
  consumerAccountReadable: boolean;
  /** When readable: does the consumer role/user exist? */
  principalExists?: boolean;
  /**
   * The layers beyond the three documents (boundary, session policy, SCPs, RCPs, VPC endpoint) and
   * the organization facts, when known: the plan's simulation goes through them too.
   */
  layers?: PathLayers;
}
