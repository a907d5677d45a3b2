import type { Node } from 'jsonc-parser';
import { parseJsoncTree } from './jsonc-tree';
import { CHANGE_KIND_LABELS } from '../plan/change-labels';
import { closestNames } from '../catalogue/iam-catalogue';
import type { DocumentKind } from '../policy/policy-types';

/** What a JSON file holds, as far as the wizard is concerned. */
export interface PolicyClassification {
  /** True when the text is a JSON object with a `Statement` (an IAM policy document). */
  isPolicy: boolean;
  /** The kind, when the content decides it; undefined when ambiguous (ask the user). */
  kind?: DocumentKind;
  /** The kinds that fit, best first; one entry when `kind` is set. */
  candidates: DocumentKind[];
  /** Why, in plain words (for a hover or the question). */
  reason: string;
}

const ALL_KINDS: DocumentKind[] = ['secret-policy', 'key-policy', 'identity-policy'];

interface StatementFacts {
  hasPrincipal: boolean;
  services: Set<string>;
}

function strings(node: Node | undefined): string[] {
  if (!node) return [];
  if (node.type === 'string') return [node.value as string];
  if (node.type === 'array') return (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
  return [];
}

function property(node: Node, key: string): Node | undefined {
  return node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key)?.children?.[1];
}

function statementFacts(statement: Node): StatementFacts {
  const actions = [...strings(property(statement, 'Action')), ...strings(property(statement, 'NotAction'))];
  const services = new Set(actions.map((action) => (action === '*' ? '*' : action.split(':')[0]!.toLowerCase())));
  const hasPrincipal = property(statement, 'Principal') !== undefined || property(statement, 'NotPrincipal') !== undefined;
  return { hasPrincipal, services };
}

/**
 * Classifies policy JSON text by its actions and principals, without AWS:
 * no `Principal` anywhere → identity policy; principals with `secretsmanager:*` actions → secret
 * resource policy; principals with `kms:*` actions → KMS key policy. Anything else (only `*`
 * actions, both services, an empty statement list) is ambiguous and the caller asks once.
 * Tolerates comments and trailing commas (a file being edited).
 */
export function classifyPolicyText(text: string): PolicyClassification {
  const tree = parseJsoncTree(text);
  if (tree.problem) return { isPolicy: false, candidates: [], reason: `the text ${tree.problem.message}` };
  return classifyPolicyTree(tree.root);
}

/** `classifyPolicyText` on an already parsed tree (jsonc-parser), so callers parse once. */
export function classifyPolicyTree(root: Node | undefined): PolicyClassification {
  if (!root || root.type !== 'object') return { isPolicy: false, candidates: [], reason: 'not a JSON object' };
  // A misspelt "Statement" ("Statements", "statement") still makes a policy, with a finding about the key.
  const statementNode = property(root, 'Statement') ?? misspeltStatement(root);
  if (!statementNode || (statementNode.type !== 'array' && statementNode.type !== 'object')) {
    const version = property(root, 'Version')?.value;
    if (statementNode && (version === '2012-10-17' || version === '2008-10-17')) {
      return { isPolicy: true, candidates: [...ALL_KINDS], reason: '"Statement" is not a list of statements' };
    }
    return { isPolicy: false, candidates: [], reason: 'no "Statement"' };
  }
  const statements = statementNode.type === 'array' ? (statementNode.children ?? []).filter((s) => s.type === 'object') : [statementNode];
  if (statements.length === 0) return { isPolicy: true, candidates: [...ALL_KINDS], reason: 'the policy has no statements yet' };

  const facts = statements.map(statementFacts);
  const withPrincipal = facts.filter((f) => f.hasPrincipal);
  if (withPrincipal.length === 0) {
    return { isPolicy: true, kind: 'identity-policy', candidates: ['identity-policy'], reason: 'no statement names a Principal (an identity policy)' };
  }
  let secrets = 0;
  let kms = 0;
  for (const f of withPrincipal) {
    if (f.services.has('secretsmanager')) secrets += 1;
    if (f.services.has('kms')) kms += 1;
  }
  if (secrets > 0 && kms === 0) {
    return { isPolicy: true, kind: 'secret-policy', candidates: ['secret-policy'], reason: 'statements with a Principal grant secretsmanager actions (a secret resource policy)' };
  }
  if (kms > 0 && secrets === 0) {
    return { isPolicy: true, kind: 'key-policy', candidates: ['key-policy'], reason: 'statements with a Principal grant kms actions (a KMS key policy)' };
  }
  const candidates: DocumentKind[] = kms > secrets ? ['key-policy', 'secret-policy'] : ['secret-policy', 'key-policy'];
  const reason = secrets > 0 ? 'statements grant both secretsmanager and kms actions' : 'the actions do not name secretsmanager or kms';
  return { isPolicy: true, candidates, reason };
}

function misspeltStatement(root: Node): Node | undefined {
  const found = root.children?.find((p) => p.type === 'property' && typeof p.children?.[0]?.value === 'string' && closestNames(p.children[0].value as string, ['Statement']).length > 0);
  const value = found?.children?.[1];
  return value && (value.type === 'array' || value.type === 'object') ? value : undefined;
}

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  'secret-policy': CHANGE_KIND_LABELS['secret-policy'],
  'key-policy': CHANGE_KIND_LABELS['key-policy'],
  // A file on its own: whose identity policy is not known.
  'identity-policy': 'identity policy',
};
