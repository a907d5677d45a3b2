import { isSecretArn } from '../arn/secret-arn';
import { isFullKeyArn } from '../arn/key-arn';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parse, type FormattingOptions } from 'jsonc-parser';
import { canonicalDocument, canonicalJson } from '../policy/canonical-json';
import type { DocumentKind, PolicyDocument } from '../policy/policy-types';
import { classifyPolicyText } from './classify-policy';
import { stringValues } from './locate-path';
import { parseJsoncTree } from './jsonc-tree';

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

function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 4 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Leading whitespace of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** `value` as pretty JSON whose continuation lines start at `indent`. */
function jsonAt(value: unknown, indent: string, options: FormattingOptions): string {
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t';
  return JSON.stringify(value, null, unit).split('\n').join(`${options.eol ?? '\n'}${indent}`);
}

/**
 * The new text of a policy file holding `currentText`, changed to `after` with the smallest edit:
 * statements that did not change keep the user's formatting, changed ones are replaced in place,
 * new ones are appended in the file's indentation. Falls back to `policyFileText(after)` when the
 * file cannot be edited in place (not JSON, a single statement object, ...). The result always
 * parses to exactly `after`.
 */
export function policyFileEdit(currentText: string, after: PolicyDocument): string {
  const { root, errors } = parseJsoncTree(currentText);
  const before = root ? (getNodeValue(root) as Partial<PolicyDocument> | undefined) : undefined;
  const statementsNode = root ? findNodeAtLocation(root, ['Statement']) : undefined;
  if (errors.length > 0 || !root || !before || typeof before !== 'object' || !Array.isArray(before.Statement) || statementsNode?.type !== 'array') {
    return policyFileText(after);
  }
  const options = formattingOf(currentText);
  const target = canonicalDocument(after);
  const old = before.Statement;
  const next = target.Statement;
  const nodes = statementsNode.children ?? [];
  const edits: Array<{ offset: number; length: number; content: string }> = [];
  for (let i = 0; i < Math.min(old.length, next.length); i += 1) {
    const node = nodes[i]!;
    if (!same(canonicalDocument({ Statement: [old[i]!] }).Statement[0], next[i])) {
      edits.push({ offset: node.offset, length: node.length, content: jsonAt(next[i], lineIndent(currentText, node.offset), options) });
    }
  }
  if (next.length > old.length) {
    const last = nodes[nodes.length - 1];
    const indent = last ? lineIndent(currentText, last.offset) : `${lineIndent(currentText, statementsNode.offset)}${options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t'}`;
    const added = next.slice(old.length).map((statement) => `${indent}${jsonAt(statement, indent, options)}`).join(`,${options.eol}`);
    if (last) edits.push({ offset: last.offset + last.length, length: 0, content: `,${options.eol}${added}` });
    else edits.push({ offset: statementsNode.offset + 1, length: 0, content: `${options.eol}${added}${options.eol}${lineIndent(currentText, statementsNode.offset)}` });
  }
  let text = applyEdits(currentText, edits);
  // Rare cases (statements removed, Version/Id changed): jsonc-parser's structural edits.
  const formatting = { formattingOptions: options };
  for (let i = old.length - 1; i >= next.length; i -= 1) text = applyEdits(text, modify(text, ['Statement', i], undefined, formatting));
  for (const key of Object.keys(target) as Array<keyof PolicyDocument>) {
    if (key !== 'Statement' && !same(before[key], target[key])) text = applyEdits(text, modify(text, [key], target[key], formatting));
  }
  for (const key of Object.keys(before) as Array<keyof PolicyDocument>) {
    if (!(key in target)) text = applyEdits(text, modify(text, [key], undefined, formatting));
  }
  const result = parse(text, [], { allowTrailingComma: true, disallowComments: false }) as PolicyDocument;
  if (canonicalJson(result) !== canonicalJson(after)) return policyFileText(after);
  return text;
}
