import { parseKeyArn } from '../arn/key-arn';
import { policyDiff, textDiff } from '../policy/policy-diff';
import type { Plan } from './plan-types';
import { newKeyPlaceholderArn } from './share-context';
import { identityDecryptSid, keyGrantSid } from './sids';

const FILE_NAMES = { 'secret-policy': 'secret-policy.json', 'key-policy': 'key-policy.json', 'identity-policy': 'identity-policy.json' } as const;

/**
 * After apply created the new key (`moveToKey: {createKey: true}`), put its real ARN into the plan:
 * every occurrence of the placeholder ARN and the Sids derived from it are replaced, so the documents
 * written are exactly what a later re-plan with the real key produces (re-plan = "no change").
 * Diffs are recomputed. Returns a new plan; the input is not modified.
 */
export function bindNewKeyArn(plan: Plan, keyArn: string): Plan {
  parseKeyArn(keyArn, 'keyArn');
  const placeholder = newKeyPlaceholderArn(plan.secret.partition, plan.secret.region, plan.secret.account);
  const consumer = plan.consumer.arn;
  const pairs: Array<[string, string]> = [
    [keyGrantSid(placeholder, consumer), keyGrantSid(keyArn, consumer)],
    [identityDecryptSid(placeholder, consumer), identityDecryptSid(keyArn, consumer)],
    [placeholder, keyArn],
  ];
  let text = JSON.stringify(plan);
  for (const [from, to] of pairs) text = text.split(from).join(to);
  const bound = JSON.parse(text) as Plan;
  for (const change of bound.changes) {
    if (change.kind === 'secret-key') {
      change.diff = textDiff('secret-kms-key-id.txt', `KmsKeyId: ${change.before.KmsKeyId}`, `KmsKeyId: ${change.after.KmsKeyId}`);
    } else if (change.action !== 'none') {
      change.diff = policyDiff(FILE_NAMES[change.kind], change.before, change.after);
    }
  }
  return bound;
}
