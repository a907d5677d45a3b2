import { getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { reservedKeyPath, reservedKeyProblem } from '../json/bounded-json';
import { isWizardError } from '../errors/wizard-error';
import { finding } from '../plan/findings/finding-codes';
import { grammarFindings, readablePolicy, statementKeyOf } from '../plan/findings/grammar-findings';
import { policyPath } from '../plan/findings/policy-path';
import { lintPolicyDocument, type LintContext } from '../plan/findings/lint-policy-document';
import type { Finding } from '../plan/plan-types';
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
  /** Why the text could not be read as a policy (syntax, shape); the findings say where. */
  problem?: string;
  /** The grammar findings, then the linter's (on what can be read), placed in the text. */
  findings: LocatedFinding[];
}

const SYNTAX_WORDS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'the document should end here',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfComment: 'the comment is not closed',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidCharacter: 'a control character inside a string',
};

/** The first syntax error of the text as a finding placed where the parser stopped (the later ones follow from it). */
function syntaxFindings(errors: ParseError[], kind: DocumentKind | undefined): LocatedFinding[] {
  return errors.slice(0, 1).map((error) => {
    const name = printParseErrorCode(error.error);
    const located: Finding = finding('POLICY_JSON_SYNTAX', `JSON syntax: ${SYNTAX_WORDS[name] ?? name} here, so neither AWS nor the wizard can read the policy. Fix the JSON at this point.`, kind ? { change: kind } : {});
    return { finding: located, offset: error.offset, length: Math.max(1, error.length) };
  });
}

/**
 * Everything an editor shows for a policy file, without AWS: what it is, the grammar findings
 * (`grammarFindings`: what AWS would reject, even when the text cannot be read as a policy), the
 * core's findings (`lintPolicyDocument`, on the parts that can be read) and where each one is in
 * the text. `context` narrows the checks (the secret and key ARNs the file is about, when known).
 */
export function analyzePolicyText(text: string, kindOverride?: DocumentKind, context: LintContext = {}): PolicyFileAnalysis {
  const { root, errors, problem: tooBig } = parseJsoncTree(text);
  // Larger or deeper than any policy: not analysed (and not offered as one).
  if (tooBig) return { classification: { isPolicy: false, candidates: [], reason: `the text ${tooBig.message}` }, findings: [] };
  const classification = classifyPolicyTree(root);
  const kind = kindOverride ?? classification.kind;
  const base = { classification, ...(kind ? { kind } : {}) };
  if (!classification.isPolicy) return { ...base, findings: [] };
  if (errors.length > 0 || !root) return { ...base, problem: 'the JSON has syntax errors', findings: syntaxFindings(errors, kind) };
  const value: unknown = getNodeValue(root);
  // `__proto__` and the like are refused, never given to the code that reads policies.
  const reserved = reservedKeyPath(value);
  if (reserved) {
    const located = finding('POLICY_SHAPE', `The policy ${reservedKeyProblem(reserved).message}`, { path: reserved.path === '(top level)' ? '' : reserved.path, ...(kind ? { change: kind } : {}) });
    return { ...base, problem: `the policy ${reservedKeyProblem(reserved).message}`, findings: locateFindings(root, [located]) };
  }
  const grammar = grammarFindings(kind, value);
  let document: PolicyDocument | undefined;
  let problem: string | undefined;
  try {
    document = toPolicyDocument(value, 'policy');
  } catch (error) {
    if (!isWizardError(error)) throw error;
    problem = error.message;
    if (!grammar.some((f) => f.severity === 'error')) grammar.push(finding('POLICY_SHAPE', `The document cannot be read as a policy: ${error.message}`, { path: '' }));
  }
  const readable = document ?? readablePolicy(value);
  const statementKey = statementKeyOf(value) ?? 'Statement';
  // The linter's paths name "Statement"; under a misspelt key they point into that key.
  const lint = (kind && readable ? lintPolicyDocument(kind, readable, context) : []).map((f) =>
    statementKey !== 'Statement' && f.path?.startsWith('Statement') ? { ...f, path: `${policyPath(statementKey)}${f.path.slice('Statement'.length)}` } : f);
  return { ...base, ...(document ? { document } : {}), ...(problem ? { problem } : {}), findings: locateFindings(root, [...grammar, ...lint]) };
}
