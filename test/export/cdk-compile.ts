/** Compiles an exported CDK snippet against the aws-cdk-lib stubs (cdk-stubs/) and reads its constants. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const STUBS = join(__dirname, 'cdk-stubs');

export async function compile(source: string): Promise<{ diagnostics: string[]; program: ts.Program; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ssw-cdk-'));
  const file = join(dir, 'secret-share-stacks.ts');
  await writeFile(file, source);
  const program = ts.createProgram([file, join(STUBS, 'constructs.d.ts'), join(STUBS, 'aws-cdk-lib.d.ts')], {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    skipLibCheck: false,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  return { diagnostics, program, file };
}

/** The value of `export const NAME = {...}` (an object literal of JSON) in the compiled snippet. */
export function constant(program: ts.Program, file: string, name: string): unknown {
  const source = program.getSourceFile(file)!;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return JSON.parse(declaration.initializer.getText(source));
    }
  }
  throw new Error(`no constant ${name}`);
}

