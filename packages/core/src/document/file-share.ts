import { isSecretArn } from '../arn/secret-arn';
import { isFullKeyArn } from '../arn/key-arn';
import { canonicalJson } from '../policy/canonical-json';
import type { DocumentKind, PolicyDocument } from '../policy/policy-types';
import { classifyPolicyText } from './classify-policy';
import { stringValues } from './locate-path';

/** Secret and key ARNs written in policy texts (to pre-fill the questions), most frequent first. */
export function shareArnsIn(texts: string[]): { secretArns: string[]; keyArns: string[] } {
  const secrets = new Map<string, number>();
  const keys = new Map<string, number>();
  for (const text of texts) {
    for (const { value } of stringValues(text)) {
      if (isSecretArn(value) && /-[A-Za-z0-9]{6}$/.test(value)) secrets.set(value, (secrets.get(value) ?? 0) + 1);
      if (isFullKeyArn(value)) keys.set(value, (keys.get(value) ?? 0) + 1);
    }
  }
  const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
  return { secretArns: byCount(secrets), keyArns: byCount(keys) };
}

/**
 * Which files hold the other documents of a share: for each kind other than `ownKind`, the one
 * file whose content is unambiguously that kind (`kindOf` may answer for files the user classified).
 * A kind held by several files is left out (the caller does not guess).
 */
export function siblingPolicyFiles<T extends { text: string }>(
  files: T[],
  ownKind: DocumentKind,
  kindOf: (file: T) => DocumentKind | undefined = (file) => classifyPolicyText(file.text).kind,
): Partial<Record<DocumentKind, T>> {
  const found = new Map<DocumentKind, T[]>();
  for (const file of files) {
    const kind = kindOf(file);
    if (!kind || kind === ownKind) continue;
    found.set(kind, [...(found.get(kind) ?? []), file]);
  }
  const out: Partial<Record<DocumentKind, T>> = {};
  for (const [kind, list] of found) if (list.length === 1) out[kind] = list[0]!;
  return out;
}

/** The file text for a proposed policy: canonical JSON (AWS key order, two spaces) and a final newline. */
export function policyFileText(doc: PolicyDocument): string {
  return `${canonicalJson(doc)}\n`;
}
