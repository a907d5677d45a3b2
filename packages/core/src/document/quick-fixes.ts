import { cleanPastedText, pastedTextProblem, tryParseArn } from '../arn/arn';
import type { Finding } from '../plan/plan-types';
import type { Node } from 'jsonc-parser';
import { parseJsoncTree } from './jsonc-tree';
import { locateInTree, nodeAtPath, stringValues, type TextSpan } from './locate-path';

/** One text replacement: put `newText` in place of `length` characters at `offset`. */
export interface TextEdit extends TextSpan {
  newText: string;
}

/** A mechanical fix an editor can offer as a quick fix. */
export interface QuickFix {
  /** Stable id: `strip-whitespace`, `ascii-dashes`, `secret-suffix`, `customer-policy-account`. */
  id: string;
  title: string;
  edits: TextEdit[];
}

const TYPOGRAPHIC = /[\u2010-\u2015\u2212\u2018\u2019\u201C\u201D\u00A0\u2007\u202F\uFEFF]/;
const SECRET_SUFFIX = /-[A-Za-z0-9]{6}$/;

function looksLikeArn(value: string): boolean {
  return cleanPastedText(value).replace(/\s+/g, '').startsWith('arn:');
}

/** The fixes that apply to one string value, each as the value it becomes. */
export function valueFixes(value: string, accountHint?: string): Array<{ id: string; title: string; value: string }> {
  const fixes: Array<{ id: string; title: string; value: string }> = [];
  if (!looksLikeArn(value)) return fixes;
  if (TYPOGRAPHIC.test(value)) {
    fixes.push({ id: 'ascii-dashes', title: 'Replace typographic dashes and quotes with ASCII', value: cleanPastedText(value).replace(/\s+/g, '') });
  }
  if (/\s/.test(value)) {
    fixes.push({ id: 'strip-whitespace', title: 'Remove the whitespace from the ARN', value: value.replace(/\s+/g, '') });
  }
  const clean = cleanPastedText(value).replace(/\s+/g, '');
  const arn = tryParseArn(clean);
  if (arn?.service === 'secretsmanager' && arn.resource.startsWith('secret:')) {
    const name = arn.resource.slice('secret:'.length);
    if (name.length > 0 && !SECRET_SUFFIX.test(name) && !/[*?]/.test(name)) {
      fixes.push({ id: 'secret-suffix', title: `Add the -?????? suffix (matches the secret "${name}" and no other)`, value: `${clean}-??????` });
    }
  }
  if (arn?.service === 'iam' && arn.account === 'aws' && arn.resource.startsWith('policy/') && accountHint) {
    fixes.push({
      id: 'customer-policy-account',
      title: `Use account ${accountHint} (a customer managed policy, not an AWS managed one)`,
      value: clean.replace(':iam::aws:policy/', `:iam::${accountHint}:policy/`),
    });
  }
  return fixes;
}

/** The account most ARNs in the document name: the likely owner of a customer managed policy. */
export function dominantAccount(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const { value } of stringValues(text)) {
    const arn = tryParseArn(cleanPastedText(value).replace(/\s+/g, ''));
    if (arn && /^\d{12}$/.test(arn.account)) counts.set(arn.account, (counts.get(arn.account) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Mechanical fixes for the strings inside `span` (a finding's location, or a cursor): whitespace
 * in an ARN, typographic dashes, a secret ARN without its `-??????` suffix, `iam::aws:policy` used
 * for a customer managed policy. Each fix edits only the string it concerns.
 */
export function quickFixesInSpan(text: string, span: TextSpan, accountHint = dominantAccount(text)): QuickFix[] {
  const end = span.offset + span.length;
  const out: QuickFix[] = [];
  for (const string of stringValues(text)) {
    const overlaps = string.offset < end && string.offset + string.length > span.offset;
    const touches = span.length === 0 && string.offset <= span.offset && span.offset <= string.offset + string.length;
    if (!overlaps && !touches) continue;
    for (const fix of valueFixes(string.value, accountHint)) {
      out.push({ id: fix.id, title: fix.title, edits: [{ offset: string.offset, length: string.length, newText: JSON.stringify(fix.value) }] });
    }
  }
  return out;
}

/** Text problems in a string value that the linter may not see (it reads parsed values). */
export function pastedValueProblem(value: string): string | undefined {
  return looksLikeArn(value) ? pastedTextProblem(value) : undefined;
}

/** A finding placed in the text. */
export interface LocatedFinding extends TextSpan {
  finding: Finding;
}

/**
 * Where each finding goes in the text: its `path` (the ARN string or the statement), else its
 * statement, else the `Statement` key. Findings for another document (`change` set to a different
 * kind) are the caller's to filter.
 */
export function locateFindings(text: string | Node | undefined, findings: Finding[]): LocatedFinding[] {
  const root = typeof text === 'string' ? parseJsoncTree(text).root : text;
  return findings.map((finding) => {
    const path = finding.path ?? (finding.statementIndex !== undefined ? `Statement[${finding.statementIndex}]` : 'Statement');
    const key = finding.at === 'key' ? keyNode(root, path) : undefined;
    const located = key ?? locateInTree(root, path) ?? { offset: 0, length: 0 };
    return { finding, offset: located.offset, length: located.length };
  });
}

/** The property-name node of the property at `path` (the span of a misspelt key). */
function keyNode(root: Node | undefined, path: string): Node | undefined {
  const value = nodeAtPath(root, path);
  return value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
}

/** The value as it is written into the text by a fix: strings and scalars as JSON, objects on one line. */
function jsonText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ') : JSON.stringify(value);
}

/** The edit of a finding's certain fix (`finding.fix`), or undefined when it has none or its place is gone. */
export function findingFixEdit(text: string | Node | undefined, finding: Finding): QuickFix | undefined {
  if (!finding.fix || finding.path === undefined) return undefined;
  const root = typeof text === 'string' || text === undefined ? parseJsoncTree(text ?? '').root : text;
  const node = finding.fix.target === 'key' ? keyNode(root, finding.path) : nodeAtPath(root, finding.path);
  if (!node) return undefined;
  return { id: `finding:${finding.code}`, title: finding.fix.title, edits: [{ offset: node.offset, length: node.length, newText: jsonText(finding.fix.value) }] };
}

/** Value fixes that are certain (the finding's own advice): whitespace, typographic characters, the -?????? suffix. */
export const CERTAIN_VALUE_FIXES = new Set(['strip-whitespace', 'ascii-dashes', 'secret-suffix']);

/** Applies non-overlapping edits to the text (what an editor would do). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.offset) + edit.newText + out.slice(edit.offset + edit.length);
  return out;
}
