import type { ChangeKind } from './plan-types';

/** What each kind of change is called, in every message and front end (one vocabulary). */
export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  'secret-policy': 'secret resource policy',
  'key-policy': 'KMS key policy',
  'identity-policy': 'consumer identity policy',
  'secret-key': 'encryption key of the secret',
};

/** The label as a title: "Secret resource policy". */
export function changeKindTitle(kind: ChangeKind): string {
  const label = CHANGE_KIND_LABELS[kind];
  return `${label[0]!.toUpperCase()}${label.slice(1)}`;
}
