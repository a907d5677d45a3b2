import { createTwoFilesPatch } from 'diff';
import { canonicalJson } from './canonical-json';
import type { PolicyDocument } from './policy-types';

/**
 * Unified diff of the canonical JSON, before → after. A missing document is the empty file
 * (`/dev/null` in the header). Empty string when nothing changes.
 */
export function policyDiff(name: string, before: PolicyDocument | null, after: PolicyDocument | null): string {
  const oldText = before ? `${canonicalJson(before)}\n` : '';
  const newText = after ? `${canonicalJson(after)}\n` : '';
  if (oldText === newText) return '';
  return createTwoFilesPatch(before ? `a/${name}` : '/dev/null', after ? `b/${name}` : '/dev/null', oldText, newText, undefined, undefined, { context: 3 });
}

/** Unified diff of any two texts (e.g. the secret's KmsKeyId). */
export function textDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, `${before}\n`, `${after}\n`, undefined, undefined, { context: 3 });
}
