import type { PolicyDocument } from './policy-types';

export type SizeLimitKind = 'secret-policy' | 'key-policy' | 'managed-policy' | 'inline-policy';

export interface SizeLimit {
  kind: SizeLimitKind;
  limit: number;
  unit: 'characters' | 'bytes' | 'characters (whitespace not counted)';
}

/** AWS limits (aws-facts.md). Inline: 10,240 summed per role (2,048 per user). */
export const SIZE_LIMITS: Record<SizeLimitKind, SizeLimit> = {
  'secret-policy': { kind: 'secret-policy', limit: 20_480, unit: 'characters' },
  'key-policy': { kind: 'key-policy', limit: 32_768, unit: 'bytes' },
  'managed-policy': { kind: 'managed-policy', limit: 6_144, unit: 'characters (whitespace not counted)' },
  'inline-policy': { kind: 'inline-policy', limit: 10_240, unit: 'characters (whitespace not counted)' },
};

/** Inline policies on an IAM user share a smaller budget. */
export const USER_INLINE_POLICY_LIMIT = 2_048;

/**
 * Sizes are measured on the text apply sends: compact `JSON.stringify(doc)` (apply/write-*.ts).
 * Characters for a secret policy.
 */
export function secretPolicySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}

/** UTF-8 bytes of the compact JSON, for a key policy. */
export function keyPolicySize(doc: PolicyDocument): number {
  return new TextEncoder().encode(JSON.stringify(doc)).length;
}

/** IAM counts characters without whitespace. */
export function identityPolicySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).replace(/\s/g, '').length;
}

export function measurePolicy(kind: SizeLimitKind, doc: PolicyDocument): { size: number; limit: SizeLimit; fits: boolean } {
  const limit = SIZE_LIMITS[kind];
  const size = kind === 'secret-policy' ? secretPolicySize(doc) : kind === 'key-policy' ? keyPolicySize(doc) : identityPolicySize(doc);
  return { size, limit, fits: size <= limit.limit };
}
