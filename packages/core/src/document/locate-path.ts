import type { Node } from 'jsonc-parser';
import { parseJsoncTree } from './jsonc-tree';
import { parsePolicyPath } from '../plan/findings/policy-path';

/** A span of the text: `offset` of the first character and its `length`. */
export interface TextSpan {
  offset: number;
  length: number;
}

export type PathSegment = string | number;

/** `Statement[1].Resource[0]` → `['Statement', 1, 'Resource', 0]` (the planner's path syntax). */
export function parseJsonPath(path: string): PathSegment[] {
  return parsePolicyPath(path);
}

function child(node: Node, segment: PathSegment): Node | undefined {
  if (typeof segment === 'number') {
    if (node.type === 'array') return node.children?.[segment];
    // AWS accepts a single value in place of an array: index 0 is the value itself.
    return segment === 0 ? node : undefined;
  }
  if (node.type !== 'object') return undefined;
  return node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === segment)?.children?.[1];
}

export interface LocatedPath extends TextSpan {
  /** True when every segment was found; false when the span is the deepest ancestor that exists. */
  exact: boolean;
  /** The JSON value there (for a string, the decoded string). */
  value: unknown;
  /** `string`, `object`, `array`, ... */
  type: Node['type'];
}

/**
 * Where a JSON path (as in a finding's `path`) is in the text: the span of the value (for a
 * string, including its quotes). Falls back to the deepest ancestor present. Undefined when the
 * text is not JSON at all.
 */
export function locateJsonPath(text: string, path: string | PathSegment[]): LocatedPath | undefined {
  return locateInTree(parseJsoncTree(text).root, path);
}

/** The node exactly at `path` (a single value counts as index 0 of itself), or undefined. */
export function nodeAtPath(root: Node | undefined, path: string | PathSegment[]): Node | undefined {
  let node = root;
  for (const segment of typeof path === 'string' ? parseJsonPath(path) : path) {
    if (!node) return undefined;
    node = child(node, segment);
  }
  return node;
}

/** `locateJsonPath` on an already parsed tree (jsonc-parser), so callers parse once. */
export function locateInTree(root: Node | undefined, path: string | PathSegment[]): LocatedPath | undefined {
  if (!root) return undefined;
  const segments = typeof path === 'string' ? parseJsonPath(path) : path;
  let node = root;
  let exact = true;
  for (const segment of segments) {
    const next = child(node, segment);
    if (!next) {
      exact = false;
      break;
    }
    node = next;
  }
  return { offset: node.offset, length: node.length, exact, value: node.value, type: node.type };
}

/** Every string value in the document with its span and path (used to find ARNs to fix). */
export function stringValues(text: string): Array<{ path: PathSegment[]; value: string } & TextSpan> {
  const { root } = parseJsoncTree(text);
  const out: Array<{ path: PathSegment[]; value: string } & TextSpan> = [];
  const walk = (node: Node, path: PathSegment[]): void => {
    if (node.type === 'string' && !(node.parent?.type === 'property' && node.parent.children?.[0] === node)) {
      out.push({ path, value: node.value as string, offset: node.offset, length: node.length });
    } else if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0]?.value as string | undefined;
        const value = prop.children?.[1];
        if (key !== undefined && value) walk(value, [...path, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((item, index) => walk(item, [...path, index]));
    }
  };
  if (root) walk(root, []);
  return out;
}

/** Offset → zero-based line and character (for editors that want positions). */
export function offsetToPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
