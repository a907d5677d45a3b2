import { getNodeValue } from 'jsonc-parser';
import { reservedKeyPath, reservedKeyProblem } from '../json/bounded-json';
import { isWizardError } from '../errors/wizard-error';
import { lintPolicyDocument, type LintContext } from '../plan/findings/lint-policy-document';
import { toPolicyDocument } from '../policy/parse-policy';
import type { DocumentKind, PolicyDocument } from '../policy/policy-types';
import { classifyPolicyTree, type PolicyClassification } from './classify-policy';
import { parseJsoncTree } from './jsonc-tree';
import { locateFindings, type LocatedFinding } from './quick-fixes';

export interface PolicyFileAnalysis {
  classification: PolicyClassification;
  /** The kind used: the user's answer (`kindOverride`) or the classification's. */
  kind?: DocumentKind;
  document?: PolicyDocument;
  /** Why the text could not be read as a policy (syntax, shape); findings are then empty. */
  problem?: string;
  /** The linter's findings for this document, placed in the text. */
  findings: LocatedFinding[];
}

/**
 * Everything an editor shows for a policy file, without AWS: what it is, the core's findings
 * (`lintPolicyDocument`) and where each one is in the text. `context` narrows the checks (the
 * secret and key ARNs the file is about, when known).
 */
export function analyzePolicyText(text: string, kindOverride?: DocumentKind, context: LintContext = {}): PolicyFileAnalysis {
  const { root, errors, problem } = parseJsoncTree(text);
  // Larger or deeper than any policy: not analysed (and not offered as one).
  if (problem) return { classification: { isPolicy: false, candidates: [], reason: `the text ${problem.message}` }, findings: [] };
  const classification = classifyPolicyTree(root);
  const kind = kindOverride ?? classification.kind;
  const base = { classification, ...(kind ? { kind } : {}) };
  if (!classification.isPolicy) return { ...base, findings: [] };
  if (errors.length > 0 || !root) return { ...base, problem: 'the JSON has syntax errors', findings: [] };
  const value: unknown = getNodeValue(root);
  const reserved = reservedKeyPath(value);
  if (reserved) return { ...base, problem: `the policy ${reservedKeyProblem(reserved).message}`, findings: [] };
  let document: PolicyDocument;
  try {
    document = toPolicyDocument(value, 'policy');
  } catch (error) {
    if (isWizardError(error)) return { ...base, problem: error.message, findings: [] };
    throw error;
  }
  if (!kind) return { ...base, document, findings: [] };
  const findings = lintPolicyDocument(kind, document, context);
  return { ...base, document, findings: locateFindings(root, findings) };
}
