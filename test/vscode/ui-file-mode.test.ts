/**
 * (b) File mode as a person would click, in code-server + Debian chromium: open a policy file, see
 * the lens, right-click "Share cross-account…" in the explorer, answer the prompts, review the
 * three files in one multi-diff editor, Apply in the notification beside it: all three are written
 * and saved. Ctrl+Z → "Undo in 3 Files" reverts them and they are saved again (disk = editors).
 * Screenshots: test/artifacts/vscode/ui-file-mode/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { packageExtension, launchBrowser, startCodeServer, until, workspaceFrom, type BrowserSession, type CodeServer } from './support/code-server';
import { Workbench } from './support/workbench';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY_ARN = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EXPECTED = join(__dirname, 'fixtures/expected');

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

it('shares a policy file cross-account from the explorer context menu: one review of the three files, Apply writes and saves them, undo reverts and saves them', async () => {
  const bench = new Workbench(session!.page, 'ui-file-mode');
  onTestFailed(() => bench.shot('failed'));
  const { page } = session!;
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.shot('workbench');

  // Open the policy file from the explorer.
  await bench.explorerRow('policies').click();
  await bench.explorerRow('secret-policy.json').click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'DenyDeleteOutsideOwner' }).waitFor({ timeout: 30_000 });
  await bench.shot('policy-open');

  // The lenses are drawn at the top of the file.
  const shareLens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Share cross-account…' });
  await shareLens.waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'secret resource policy: no findings' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Simulate access…' }).waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('lens');

  // Right-click the file in the explorer → "Share cross-account…".
  await bench.explorerRow('secret-policy.json').click({ button: 'right' });
  await bench.menuItem('Share cross-account…');
  await bench.shot('context-menu-clicked');

  await bench.answer('consumer', '222222222222');
  await bench.shot('consumer-answered');
  await bench.answer('secret ARN', SECRET_ARN);
  await bench.answer('KMS key ARN', KEY_ARN);
  await bench.shot('arns-answered');

  // The review: every file the share writes, together in the multi-diff editor.
  const review = 'Share MY_TEST_SECRET with 222222222222';
  await bench.tab(`${review} — review`).waitFor({ state: 'visible', timeout: 60_000 });
  for (const [i, name] of ['consumer-identity.json', 'key-policy.json', 'secret-policy.json'].entries()) {
    await bench.openReviewEntry(name, 'SecretShareWizard');
    await bench.shot(`review-${i + 1}-${name.replace('.json', '')}`);
  }
  // The approval is a notification beside the review, with full labels: Apply / Discard.
  const toast = bench.toast('write and save 3 files');
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await expect(bench.toastMessage(toast)).resolves.toBe(
    `${review}: write and save 3 files — policies/secret-policy.json (secret resource policy), policies/consumer-identity.json (identity policy), policies/key-policy.json (KMS key policy). One edit: Ctrl+Z undoes it in all 3 files and saves them again.`,
  );
  await expect(toast.locator('.monaco-button').allTextContents()).resolves.toEqual(['Apply', 'Discard']);
  await bench.expectButtonsUncut(toast);
  await bench.shot('approval');
  await toast.locator('.monaco-button', { hasText: 'Apply' }).first().click();
  await bench.toast('Saved policies/').waitFor({ state: 'visible', timeout: 30_000 });
  await bench.tab(`${review} — applied`).waitFor({ state: 'visible', timeout: 30_000 });
  await expect(page.locator('.tabs-container .tab', { hasText: review }).count()).resolves.toBe(1);
  await bench.shot('applied');

  // All three files are written AND saved (no dirty editor).
  const files = ['secret-policy.json', 'key-policy.json', 'consumer-identity.json'];
  const originals = Object.fromEntries(files.map((name) => [name, readFileSync(join(__dirname, 'fixtures/workspace/policies', name), 'utf8')]));
  for (const name of files) {
    const file = join(workspace, 'policies', name);
    await until(`${name} written`, 30_000, async () => (readFileSync(file, 'utf8') === readFileSync(join(EXPECTED, name), 'utf8') ? true : undefined));
  }
  await until('no unsaved editor after Apply', 30_000, async () => ((await page.locator('.tabs-container .tab.dirty').count()) === 0 ? true : undefined));

  // Undo in one of the files: VS Code offers to undo the edit in all three; they are saved again.
  await bench.explorerRow('key-policy.json').click();
  const keyEditor = page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'SecretShareWizardKey' }).first();
  await keyEditor.waitFor({ state: 'visible', timeout: 30_000 });
  await keyEditor.click();
  await page.keyboard.press('Control+z');
  // VS Code may ask whether to undo in all files (then: "Undo in 3 Files"), or undo the whole edit at once.
  const dialog = page.locator('.monaco-dialog-box');
  const reverted = () => files.every((name) => readFileSync(join(workspace, 'policies', name), 'utf8') === originals[name]);
  await until('the three files back as they were, on disk', 60_000, async () => {
    if (await dialog.isVisible()) {
      await expect(dialog.textContent()).resolves.toContain(`Would you like to undo '${review}' across all files?`);
      await bench.shot('undo-across-files');
      await dialog.locator('.monaco-button', { hasText: 'Undo in 3 Files' }).click();
    }
    return reverted() ? true : undefined;
  });
  // Saved again: no editor keeps unsaved text.
  await until('no unsaved editor after undo', 30_000, async () => ((await page.locator('.tabs-container .tab.dirty').count()) === 0 ? true : undefined));
  await bench.shot('undone-and-saved');

  // A file with known mistakes: the summary lens counts them and opens the Problems panel.
  await bench.explorerRow('mistakes').click();
  await bench.explorerRow('identity-with-mistakes.json').click();
  const summary = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'identity policy: 4 findings (4 errors)' });
  await summary.waitFor({ state: 'visible', timeout: 30_000 });
  await summary.click();
  const problems = page.locator('.markers-panel .monaco-list-row', { hasText: 'INPUT_ARN' });
  await until('4 problems listed', 15_000, async () => ((await problems.count()) >= 4 ? true : undefined));
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'INPUT_ARN_SECRET_SUFFIX' }).waitFor({ state: 'visible', timeout: 15_000 });
  await bench.shot('problems-panel');
}, 300_000);
