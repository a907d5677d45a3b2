import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schema/shares.schema.json' with { type: 'json' };
import { WizardError } from '../errors/wizard-error';
import { suggest } from '../text/suggest';
import { KEY, fieldPath, formatProblem, problemAt } from './manifest-location';
import type { Manifest, ManifestData, ManifestProblem, SourceLocation } from './manifest-types';

/** The JSON Schema of shares.yaml (also registered by the VS Code extension for validation and completion). */
export const SHARES_SCHEMA = schema;

/** A manifest that failed: every problem, each with file, line, column and field. */
export type ManifestError = WizardError & { problems: ManifestProblem[] };

export function manifestError(file: string, problems: ManifestProblem[]): ManifestError {
  const errors = problems.filter((p) => p.severity === 'error');
  const shown = errors.length > 0 ? errors : problems;
  const first = shown[0];
  const error = new WizardError('MANIFEST_INVALID', `${file} has ${shown.length} problem${shown.length === 1 ? '' : 's'}: ${shown.map(formatProblem).join('; ')}`, {
    field: first ? `${first.file}:${first.line}:${first.column}${first.field ? ` ${first.field}` : ''}` : file,
    fix: `Fix the field${shown.length === 1 ? '' : 's'} named above (the schema: packages/core/schema/shares.schema.json)`,
  });
  return Object.assign(error, { problems });
}

let validator: Promise<ValidateFunction> | undefined;

/** ajv, compiled once, loaded on first use (it stays out of the commands that never read a manifest). */
function loadValidator(): Promise<ValidateFunction> {
  validator ??= import('ajv').then((module) => {
    const exported = module.default as unknown as { default?: typeof module.default } & typeof module.default;
    const Ajv = exported.default ?? exported;
    return new Ajv({ allErrors: true, verbose: true }).compile(schema);
  });
  return validator;
}

function pathOf(instancePath: string): Array<string | number> {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function describe(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as { description?: string } | undefined;
  return parent?.description;
}

/** One ajv error as a sentence a person can act on, with the field it is about. */
function translate(error: ErrorObject): { path: Array<string | number>; message: string; atKey?: boolean } {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'is required' };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((key) => key !== '$schema');
      const guess = suggest(name, allowed);
      return { path: [...path, name], message: `unknown field${guess ? `; did you mean "${guess}"?` : ''} (allowed: ${allowed.join(', ')})`, atKey: true };
    }
    case 'type':
      if (params.type === 'string' && typeof error.data === 'number') {
        return { path, message: `must be a string: quote it ("${String(error.data)}"); YAML reads digits as a number and drops leading zeros` };
      }
      return { path, message: `must be ${String(params.type) === 'object' ? 'a mapping (key: value)' : String(params.type) === 'array' ? 'a list' : `a ${String(params.type)}`}` };
    case 'enum':
      return { path, message: `"${String(error.data)}" is not one of ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { path, message: `"${String(error.data)}" is not ${describe(error) ?? 'in the expected form'}` };
    case 'minItems':
      return { path, message: `needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'minProperties':
      return { path, message: 'needs at least one entry' };
    case 'oneOf': {
      const given = error.data && typeof error.data === 'object' ? Object.keys(error.data as object) : [];
      return { path, message: `use ${describe(error) ?? 'exactly one form'} (given: ${given.join(', ') || 'nothing'})` };
    }
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** ajv's errors, without the noise of oneOf branches (their own required/not errors) when the oneOf itself is reported. */
export function schemaProblems(errors: readonly ErrorObject[], manifest: Pick<Manifest, 'file' | 'locations'>): ManifestProblem[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  // An unknown field is the real problem: the oneOf it also breaks is not reported again.
  const unknownAt = new Set(errors.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));
  const kept = errors.filter(
    (e) => !(e.schemaPath.includes('/oneOf/') && oneOfAt.has(e.instancePath)) && e.keyword !== 'not' && e.keyword !== 'anyOf' && !(e.keyword === 'oneOf' && unknownAt.has(e.instancePath)),
  );
  const seen = new Set<string>();
  const problems: ManifestProblem[] = [];
  for (const error of kept) {
    const { path, message, atKey } = translate(error);
    const problem = problemAt(manifest, path, message, {}, atKey);
    const key = formatProblem(problem);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

type YamlModule = typeof import('yaml');

function recordLocations(yaml: YamlModule, node: unknown, path: Array<string | number>, position: (offset: number) => SourceLocation, out: Record<string, SourceLocation>): void {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (range) out[fieldPath(path)] = position(range[0]);
  if (yaml.isMap(node)) {
    for (const pair of node.items) {
      const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (keyRange) out[`${fieldPath([...path, key])}${KEY}`] = position(keyRange[0]);
      if (pair.value) recordLocations(yaml, pair.value, [...path, key], position, out);
    }
  } else if (yaml.isSeq(node)) {
    node.items.forEach((item, index) => recordLocations(yaml, item, [...path, index], position, out));
  }
}

/**
 * Parses and validates shares.yaml: YAML (the `yaml` library: duplicate keys and syntax errors are
 * reported with their line), then the JSON Schema (ajv), then what the schema cannot say (`binding`
 * only with `role`). Throws a `MANIFEST_INVALID` WizardError listing every problem as
 * `file:line:column field: message` (also as data in `problems`). Calls no AWS API.
 */
export async function parseManifest(text: string, file = 'shares.yaml'): Promise<Manifest> {
  // Bundled (esbuild), the CommonJS build of `yaml` arrives as the default export.
  const imported = (await import('yaml')) as YamlModule & { default?: YamlModule };
  const yaml: YamlModule = typeof imported.LineCounter === 'function' ? imported : imported.default!;
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    throw manifestError(
      file,
      document.errors.map((error) => {
        const { line, column } = position(error.pos[0]);
        return { severity: 'error', file, line, column, field: '', message: `YAML: ${error.message.split('\n')[0]}`, code: error.code };
      }),
    );
  }
  const locations: Record<string, SourceLocation> = {};
  recordLocations(yaml, document.contents, [], position, locations);
  const data: unknown = document.toJS({ maxAliasCount: 50 });
  const manifest = { file, locations };
  const validate = await loadValidator();
  if (!validate(data ?? null)) throw manifestError(file, schemaProblems(validate.errors ?? [], manifest));
  const valid = data as ManifestData;
  const problems: ManifestProblem[] = [];
  valid.shares.forEach((share, entry) =>
    share.consumers.forEach((consumer, index) => {
      if (consumer.binding !== undefined && consumer.role === undefined) {
        problems.push(problemAt(manifest, ['shares', entry, 'consumers', index, 'binding'], 'only goes with role (how that role is named in the resource policies)'));
      }
    }),
  );
  if (problems.length > 0) throw manifestError(file, problems);
  return { file, data: valid, locations };
}
