import type { Manifest, ManifestProblem, SourceLocation } from './manifest-types';

/** `['shares', 0, 'consumers', 1]` → `shares[0].consumers[1]`. */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

/** `locations` key suffix for the position of a mapping key (the plain path is its value's). */
export const KEY = '@key';

/** Where a field is: its value (or its key), else its closest ancestor that the file has. */
export function locate(manifest: Pick<Manifest, 'locations'>, path: ReadonlyArray<string | number>, atKey = false): SourceLocation {
  if (atKey) {
    const key = manifest.locations[`${fieldPath(path)}${KEY}`];
    if (key) return key;
  }
  for (let length = path.length; length >= 0; length -= 1) {
    const found = manifest.locations[fieldPath(path.slice(0, length))];
    if (found) return found;
  }
  return { line: 1, column: 1 };
}

export function problemAt(manifest: Pick<Manifest, 'file' | 'locations'>, path: ReadonlyArray<string | number>, message: string, extra: Partial<ManifestProblem> = {}, atKey = false): ManifestProblem {
  const { line, column } = locate(manifest, path, atKey);
  return { severity: 'error', file: manifest.file, line, column, field: fieldPath(path), message, ...extra };
}

/** `shares.yaml:12:7 shares[0].consumers[1].account: must be ...` */
export function formatProblem(problem: ManifestProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}${problem.field ? ` ${problem.field}` : ''}: ${problem.message}`;
}
