/**
 * One session, many hosts: a front end that calls the applier or the verifier itself is a second copy
 * of the session. The ESLint rules hold that line; this proves they fire (and that the real front
 * ends pass them).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO } from '../tui/cli-support';

const eslint = new ESLint({ cwd: REPO });

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('front ends reach the core only through the session', () => {
  it.each([
    ['packages/tui/src/commands/x.ts', "import { applyPlan } from '@secret-share-wizard/core';\nexport const f = applyPlan;\n"],
    ['packages/tui/src/wizard/effects/x.ts', "import { verifyAccess } from '@secret-share-wizard/core';\nexport const f = verifyAccess;\n"],
    ['packages/vscode/src/x.ts', "import { runChanges } from '@secret-share-wizard/core';\nexport const f = runChanges;\n"],
    ['packages/vscode/src/y.ts', "import { writeSecretPolicy } from '../../core/src/apply/write-secret-policy';\nexport const f = writeSecretPolicy;\n"],
    ['packages/tui/src/cli/y.ts', "import { readShareState } from '@secret-share-wizard/core/src/aws/read-share-state';\nexport const f = readShareState;\n"],
  ])('%s: importing the applier, the verifier or a deep path is an error', async (file, code) => {
    const found = await problems(code, file);
    expect(found.some((line) => line.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('the session functions are allowed', async () => {
    expect(await problems("import { runShareSession } from '@secret-share-wizard/core';\nexport const f = runShareSession;\n", 'packages/tui/src/commands/x.ts')).toEqual([]);
  });

  it('the core has no UI imports', async () => {
    expect((await problems("import { render } from 'ink';\nexport const f = render;\n", 'packages/core/src/x.ts')).some((line) => line.startsWith('no-restricted-imports'))).toBe(true);
  });
});
