/**
 * The checks worth the Problems panel, as a person sees and uses them in code-server + chromium:
 * a key policy with the review's mistakes ("allow", an unknown action, an alias ARN, a misspelt
 * condition key, no account-root statement) shows each one in the Problems panel; a quick fix
 * corrects "allow"; "Source Action… → Fix all" corrects the rest that is certain; "Check all policy
 * files in the workspace" lists files nobody opened (a misspelt identity policy, an unreadable one);
 * the fix-all command corrects the identity policy. Screenshots: test/artifacts/vscode/ui-diagnostics/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { launchBrowser, packageExtension, startCodeServer, until, workspaceFrom, type BrowserSession, type CodeServer } from './support/code-server';
import { Workbench } from './support/workbench';

let server: CodeServer | undefined;
let session: BrowserSession | undefined;
let workspace = '';

beforeAll(async () => {
  server = await startCodeServer({ installVsix: await packageExtension() });
  workspace = workspaceFrom(join(__dirname, 'fixtures/workspace'), server.runDir);
  session = await launchBrowser(server.runDir);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

it('shows the mistakes in the Problems panel, fixes one, fixes all, and checks the files nobody opened', async () => {
  const bench = new Workbench(session!.page, 'ui-diagnostics');
  const { page } = session!;
  const problems = page.locator('.markers-panel');
  const problem = (text: string): Locator => problems.locator('.monaco-list-row', { hasText: text }).first();
  const editorLine = (text: string): Locator => page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: text }).first();
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);

  // 1. The key policy with the review's mistakes: five problems, each in the Problems panel.
  await bench.explorerRow('diagnostics').click();
  await bench.explorerRow('key-policy-mistakes.json').click();
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Not readable as a policy: 5 errors' });
  await lens.waitFor({ state: 'visible', timeout: 60_000 });
  await lens.click();
  await problem('STATEMENT_EFFECT').waitFor({ state: 'visible', timeout: 30_000 });
  await bench.runCommand('View: Toggle Maximized Panel');
  for (const code of ['STATEMENT_EFFECT', 'ACTION_UNKNOWN', 'CONDITION_KEY_UNKNOWN', 'KEY_ALIAS_ARN', 'KEY_ADMIN_LOCKOUT']) {
    await problem(code).waitFor({ state: 'visible', timeout: 30_000 });
  }
  await expect(problem('STATEMENT_EFFECT').textContent()).resolves.toContain('AWS accepts exactly "Allow" or "Deny"');
  await expect(problem('CONDITION_KEY_UNKNOWN').textContent()).resolves.toContain('Did you mean kms:ViaService?');
  await bench.shot('problems-panel');
  await bench.runCommand('View: Toggle Maximized Panel');

  // 2. A quick fix: from the problem to the editor, then Ctrl+. → 'Write "Allow"'.
  await problem('STATEMENT_EFFECT').dblclick();
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Write "Allow"' }).first();
  await fix.waitFor({ state: 'visible', timeout: 15_000 });
  await bench.shot('quick-fix-menu');
  // The only (and preferred) fix is selected: Enter applies it, as a keyboard user does.
  await page.keyboard.press('Enter');
  await editorLine('"Effect": "Allow"').waitFor({ state: 'visible', timeout: 15_000 });
  await until('the Effect problem gone', 15_000, async () => ((await problems.locator('.monaco-list-row', { hasText: 'STATEMENT_EFFECT' }).count()) === 0 ? true : undefined));
  await bench.shot('quick-fix-applied');

  // 3. Fix all, as a source action of the file: the unknown action, the condition key, the alias ARN.
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await bench.runCommand('Source Action...');
  const fixAll = page.locator('.action-widget .monaco-list-row', { hasText: 'Fix all certain problems in this file (3)' }).first();
  await fixAll.waitFor({ state: 'visible', timeout: 15_000 });
  await bench.shot('source-action-fix-all');
  // Ours is the first (selected) source action: Enter runs it.
  await page.keyboard.press('Enter');
  await editorLine('"kms:ViaService"').waitFor({ state: 'visible', timeout: 15_000 });
  await until('only the lock-out left for this file', 15_000, async () => {
    const left = await problems.locator('.monaco-list-row', { hasText: /ACTION_UNKNOWN|CONDITION_KEY_UNKNOWN|KEY_ALIAS_ARN/ }).count();
    return left === 0 && (await problem('KEY_ADMIN_LOCKOUT').isVisible()) ? true : undefined;
  });
  await expect(editorLine('"kms:DescribeKey"').textContent()).resolves.not.toContain('DescribeKeys');
  await bench.shot('fix-all-applied');

  // 4. Every policy file of the workspace, opened or not.
  await bench.clearNotifications();
  await bench.runCommand('Secret Share Wizard: Check all policy files in the workspace');
  const summary = bench.toast(/Checked \d+ policy files: .* errors?/);
  await summary.waitFor({ state: 'visible', timeout: 60_000 });
  await expect(summary.textContent()).resolves.toMatch(/\(1 other JSON file skipped\)/);
  await bench.runCommand('View: Toggle Maximized Panel');
  for (const text of ['identity-typos.json', 'unreadable.json', 'POLICY_JSON_SYNTAX', 'identity-with-mistakes.json']) {
    await problem(text).waitFor({ state: 'visible', timeout: 30_000 });
  }
  await bench.shot('workspace-check');
  await bench.runCommand('View: Toggle Maximized Panel');

  // 5. The fix-all command on the identity policy the workspace check found.
  await problem('secretsmanager:GetSecretValues').click();
  await editorLine('"secretsmanager:GetSecretValues"').waitFor({ state: 'visible', timeout: 15_000 });
  await bench.clearNotifications();
  await bench.runCommand('Secret Share Wizard: Fix all certain problems in this policy file');
  await bench.toast('3 fixes applied').waitFor({ state: 'visible', timeout: 15_000 });
  await editorLine('"secretsmanager:VersionStage"').waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+s');
  await until('identity-typos.json saved with the fixes', 15_000, async () => {
    const saved = JSON.parse(readFileSync(join(workspace, 'diagnostics/identity-typos.json'), 'utf8')) as { Statement: Array<Record<string, unknown>> };
    return saved.Statement[0]!.Resource !== undefined ? saved : undefined;
  }).then((saved) => {
    expect(saved.Statement[0]).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } } });
    expect(saved.Statement[0]!.Resources).toBeUndefined();
  });
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'identity policy: no findings' }).waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('identity-fixed');
});
