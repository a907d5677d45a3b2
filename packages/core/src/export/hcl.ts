/**
 * Renders JSON values as HCL expressions (Terraform's native syntax), for `jsonencode({ ... })`.
 * Strings are HCL template literals: `\`, `"`, control characters are escaped, and `${` / `%{` become
 * `$${` / `%%{`, so an IAM policy variable such as `${aws:username}` stays literal.
 */
export function hclString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : hclString(name);
}

/** A JSON value as an HCL expression, indented by `indent` spaces after the first line. */
export function hclValue(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent + 2);
  const end = ' '.repeat(indent);
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${pad}${hclValue(item, indent + 2)},`).join('\n')}\n${end}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([name, item]) => `${pad}${key(name)} = ${hclValue(item, indent + 2)}`).join('\n')}\n${end}}`;
  }
  throw new TypeError(`cannot render ${typeof value} as HCL`);
}

/** A Terraform resource or block label: letters, digits, `_`, `-`; starting with a letter or `_`. */
export function hclLabel(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
