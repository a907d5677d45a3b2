import { broadensAccess } from '../policy/broadens-access';
import { policyDiff } from '../policy/policy-diff';
import type { DocumentKind, PolicyDocument, Statement } from '../policy/policy-types';
import type { ChangeAction, IdentityTarget, PolicyChange } from './plan-types';

export interface ChangeInput {
  kind: DocumentKind;
  target: string;
  account: string;
  before: PolicyDocument | null;
  after: PolicyDocument | null;
  added: Statement[];
  removed: Statement[];
  partition: string;
  identity?: IdentityTarget;
}

export function changeAction(before: PolicyDocument | null, after: PolicyDocument | null, changed: boolean): ChangeAction {
  if (before === null && after !== null) return 'create';
  if (before !== null && after === null) return 'delete';
  return changed ? 'update' : 'none';
}

const FILE_NAMES: Record<DocumentKind, string> = {
  'secret-policy': 'secret-policy.json',
  'key-policy': 'key-policy.json',
  'identity-policy': 'identity-policy.json',
};

/** A PolicyChange with its action, diff and broadensAccess computed from before/after. */
export function buildPolicyChange(input: ChangeInput): PolicyChange {
  const changed = input.added.length + input.removed.length > 0;
  const action = changeAction(input.before, input.after, changed || (input.before === null) !== (input.after === null));
  const after = action === 'none' ? input.before : input.after;
  const change: PolicyChange = {
    kind: input.kind,
    target: input.target,
    account: input.account,
    action,
    before: input.before,
    after,
    added: input.added,
    removed: input.removed,
    broadensAccess: action !== 'none' && broadensAccess(input.before, after, input.partition),
    diff: action === 'none' ? '' : policyDiff(FILE_NAMES[input.kind], input.before, after),
  };
  if (input.identity) change.identity = input.identity;
  return change;
}
