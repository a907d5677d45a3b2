import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { checkJsonText, type JsonProblem } from '../json/bounded-json';
import { ANY_POLICY_JSON_LIMITS } from '../json/json-limits';

const OPTIONS = { allowTrailingComma: true, disallowComments: false };

export interface JsoncTree {
  /** The syntax tree; undefined when the text is not JSON at all, or was not parsed (`problem`). */
  root: Node | undefined;
  errors: ParseError[];
  /** Set when the text is larger or deeper than any policy: it was not parsed. */
  problem?: JsonProblem;
}

/**
 * The one way this folder parses an editor buffer (JSONC: comments, trailing commas). The buffer is
 * untrusted (any JSON file the user opens, or one planted in a repository): its size and nesting
 * are checked first, in one linear pass, so that jsonc-parser (recursive) never sees 100,000 nested
 * arrays and a 50 MB file is not turned into a tree. Such a text is no policy anyway.
 */
export function parseJsoncTree(text: string): JsoncTree {
  const problem = checkJsonText(text, ANY_POLICY_JSON_LIMITS, true);
  if (problem) return { root: undefined, errors: [], problem };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, OPTIONS);
  return { root, errors };
}
