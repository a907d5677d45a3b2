/**
 * UI test as a person would click, in code-server + Debian chromium: open a policy file, see the
 * lens, right-click "Share cross-account…" in the explorer, answer the prompts, see the diff
 * editor, apply, and find the files changed. Screenshots: test/artifacts/vscode/ui-file-mode/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
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

it('shares a policy file cross-account from the explorer context menu and writes the three files', async () => {
  const bench = new Workbench(session!.page, 'ui-file-mode');
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

  // The diff editor shows current ↔ proposed.
  await page.locator('.tabs-container .tab', { hasText: 'current ↔ proposed' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.monaco-diff-editor .modified-in-monaco-diff-editor .view-lines', { hasText: 'SecretShareWizardRead' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('diff-editor');

  // Apply to this file and its two siblings in one go.
  const toast = bench.toast('Proposed secret resource policy');
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Apply to secret-policy.json' }).first().click();
  await bench.toast('Updated').waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('applied');

  for (const name of ['secret-policy.json', 'key-policy.json', 'consumer-identity.json']) {
    const file = join(workspace, 'policies', name);
    await until(`${name} written`, 10_000, async () => (readFileSync(file, 'utf8') === readFileSync(join(EXPECTED, name), 'utf8') ? true : undefined));
  }
  await page.locator('.monaco-editor .view-lines', { hasText: 'SecretShareWizardRead' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await bench.shot('file-changed');

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
});
