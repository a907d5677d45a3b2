/**
 * JSON paths in findings: `Statement[1].Resource`, `Statement[1].Resource[0]`,
 * `Statement[0].Principal.AWS[2]`, `Statement[3].Condition.StringLike["kms:EncryptionContext:SecretARN"][0]`.
 * Keys that are not plain identifiers are written as `["key"]` (JSON string syntax).
 */
export function policyPath(...segments: Array<string | number>): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** The segments of a path built by `policyPath` (for editors locating the JSON node). */
export function parsePolicyPath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
    if (pattern.lastIndex === path.length) break;
  }
  return segments;
}
