// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- @types/vscode lives in packages/vscode; this file is bundled for the extension host
/// <reference path="../../../packages/vscode/node_modules/@types/vscode/index.d.ts" />
/**
 * Runs INSIDE code-server's extension host (the `extensionTestsPath` module), like a
 * @vscode/test-electron suite: real VS Code API, the extension loaded from packages/vscode.
 * Results go to the JSON-lines file named by SSW_EXT_TEST_RESULTS; the vitest driver
 * (test/vscode/extension-host.test.ts) asserts each one.
 */
import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'secret-share-wizard.secret-share-wizard-vscode';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY_ARN = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function workspaceFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, relative);
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

function textAt(document: vscode.TextDocument, range: vscode.Range): string {
  return document.getText(range);
}

const tests: Array<[string, () => Promise<void>]> = [
  ['activates on a JSON file and registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension<{ activationMs: number; moduleEvaluationMs: number; activateMs: number }>(EXTENSION_ID);
    assert.ok(extension, 'extension is installed');
    assert.equal(extension.isActive, false, 'not active before a JSON file is opened (no "*" activation)');
    await open('policies/secret-policy.json');
    await until('activation', () => (extension.isActive ? true : undefined));
    assert.equal(typeof extension.exports.activationMs, 'number');
    const contributed = (extension.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
    record('activationMs', extension.exports.activationMs);
    record('activation', extension.exports);
  }],

  ['draws share, simulate and findings lenses on a fixture policy', async () => {
    const uri = workspaceFile('policies/key-policy.json');
    await open('policies/key-policy.json');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles, ['Share cross-account…', 'Simulate access…', 'KMS key policy: no findings']);
    assert.deepEqual(lenses.map((l) => l.command?.command), ['secretShareWizard.shareCrossAccount', 'secretShareWizard.simulateAccess', 'secretShareWizard.showFindings']);
    assert.equal(lenses[0]!.range.start.line, 0);
    await open('notes/package-like.json');
    const notPolicy = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceFile('notes/package-like.json'));
    assert.deepEqual(notPolicy ?? [], [], 'no lens on JSON that is not a policy');
  }],

  ['shows the findings of a file with known mistakes at the right ranges, with quick fixes', async () => {
    const editor = await open('mistakes/identity-with-mistakes.json');
    const uri = editor.document.uri;
    const diagnostics = await until('4 diagnostics', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'secret-share-wizard');
      return found.length === 4 ? found : undefined;
    });
    const byCode = Object.fromEntries(diagnostics.map((d) => [String(d.code), d]));
    assert.deepEqual(Object.keys(byCode).sort(), ['INPUT_ARN_AWS_MANAGED_POLICY', 'INPUT_ARN_SECRET_SUFFIX', 'INPUT_ARN_TYPOGRAPHIC', 'INPUT_ARN_WHITESPACE']);
    assert.equal(textAt(editor.document, byCode.INPUT_ARN_WHITESPACE!.range), `" ${SECRET_ARN}"`);
    assert.equal(textAt(editor.document, byCode.INPUT_ARN_SECRET_SUFFIX!.range), '"arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET"');
    assert.equal(byCode.INPUT_ARN_SECRET_SUFFIX!.severity, vscode.DiagnosticSeverity.Error);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.equal(lenses.at(-1)?.command?.title, 'identity policy: 4 findings (4 errors)');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, byCode.INPUT_ARN_SECRET_SUFFIX!.range);
    const suffix = actions.find((a) => a.title.startsWith('Add the -?????? suffix'));
    assert.ok(suffix?.edit, `suffix quick fix offered (got ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(suffix.edit));
    assert.ok(editor.document.getText().includes('"arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-??????"'));
    // Refreshed on edit (debounced): the suffix finding disappears.
    await until('3 diagnostics after the fix', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'secret-share-wizard');
      return found.length === 3 && !found.some((d) => d.code === 'INPUT_ARN_SECRET_SUFFIX') ? true : undefined;
    });
    const dashes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, byCode.INPUT_ARN_TYPOGRAPHIC!.range);
    assert.ok(dashes.some((a) => a.title === 'Replace typographic dashes and quotes with ASCII'));
    const managed = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, byCode.INPUT_ARN_AWS_MANAGED_POLICY!.range);
    assert.ok(managed.some((a) => a.title.startsWith('Use account 111111111111')));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }],

  ['asks what an ambiguous policy is once and remembers the answer for the file', async () => {
    const uri = workspaceFile('ambiguous/broad-grant.json');
    await open('ambiguous/broad-grant.json');
    const before = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.equal(before[0]?.command?.title, 'Which policy is this?');
    await vscode.commands.executeCommand('secretShareWizard.setPolicyKind', uri, 'secret-policy');
    const after = await until('lenses for the remembered kind', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses.some((l) => l.command?.title.startsWith('secret resource policy')) ? lenses : undefined;
    });
    assert.ok(!after.some((l) => l.command?.title === 'Which policy is this?'));
  }],

  ['simulates access offline and names the deciding layer and statement', async () => {
    const uri = workspaceFile('policies/secret-policy.json');
    const sentence = await vscode.commands.executeCommand<string>('secretShareWizard.simulateAccess', uri, {
      principal: 'arn:aws:iam::222222222222:role/APP_ROLE', secretArn: SECRET_ARN, keyArn: KEY_ARN,
    });
    assert.match(sentence, /^arn:aws:iam::222222222222:role\/APP_ROLE CANNOT read the secret\. Decided by the secret's resource policy/);
  }],

  ['file-mode share writes exactly the expected policy files (this file and its two siblings)', async () => {
    const uri = workspaceFile('policies/secret-policy.json');
    await open('policies/secret-policy.json');
    const result = await vscode.commands.executeCommand<{ written: string[] }>('secretShareWizard.shareCrossAccount', uri, {
      consumer: '222222222222', secretArn: SECRET_ARN, keyArn: KEY_ARN, apply: 'all',
    });
    assert.ok(result, 'the command returned a result (no error)');
    assert.equal(result.written.length, 3);
    const expectedDir = process.env.SSW_EXPECTED_DIR!;
    for (const name of ['secret-policy.json', 'key-policy.json', 'consumer-identity.json']) {
      const actual = readFileSync(workspaceFile(`policies/${name}`).fsPath, 'utf8');
      assert.equal(actual, readFileSync(join(expectedDir, name), 'utf8'), `${name} on disk`);
    }
    const again = await vscode.commands.executeCommand<{ written: string[] }>('secretShareWizard.shareCrossAccount', uri, {
      consumer: '222222222222', secretArn: SECRET_ARN, keyArn: KEY_ARN, apply: 'all',
    });
    assert.deepEqual(again.written, [], 'sharing again changes nothing');
  }],
  ['after the share, simulation says the consumer role can read the secret', async () => {
    const uri = workspaceFile('policies/secret-policy.json');
    const sentence = await vscode.commands.executeCommand<string>('secretShareWizard.simulateAccess', uri, {
      principal: 'arn:aws:iam::222222222222:role/APP_ROLE', secretArn: SECRET_ARN, keyArn: KEY_ARN,
    });
    assert.match(sentence, /^arn:aws:iam::222222222222:role\/APP_ROLE CAN read the secret\./);
  }],

  ['discarding the review writes nothing', async () => {
    const uri = workspaceFile('single/secret-policy.json');
    const before = readFileSync(uri.fsPath, 'utf8');
    const result = await vscode.commands.executeCommand<{ written: string[]; review?: string }>('secretShareWizard.shareCrossAccount', uri, {
      consumer: '222222222222', secretArn: SECRET_ARN, keyArn: KEY_ARN, apply: 'none',
    });
    assert.deepEqual(result.written, []);
    assert.equal(result.review, 'Share MY_TEST_SECRET with 222222222222 — review', 'the review was shown');
    assert.equal(readFileSync(uri.fsPath, 'utf8'), before);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(!tabs.some((label) => label.startsWith('Share MY_TEST_SECRET with 222222222222 — review')), `the review is closed (tabs: ${tabs.join(' | ')})`);
  }],

  ['a share is one edit, saved; undo reverts the editor AND the file on disk', async () => {
    const uri = workspaceFile('single/secret-policy.json');
    await open('single/secret-policy.json');
    const original = readFileSync(uri.fsPath, 'utf8');
    const result = await vscode.commands.executeCommand<{ written: string[]; review: string }>('secretShareWizard.shareCrossAccount', uri, {
      consumer: '222222222222', secretArn: SECRET_ARN, keyArn: KEY_ARN, apply: 'all',
    });
    assert.equal(result.written.length, 1);
    assert.equal(result.review, 'Share MY_TEST_SECRET with 222222222222 — applied (saved)');
    assert.equal(readFileSync(uri.fsPath, 'utf8'), readFileSync(join(process.env.SSW_EXPECTED_DIR!, 'secret-policy.json'), 'utf8'));
    const editor = await open('single/secret-policy.json');
    assert.equal(editor.document.isDirty, false, 'saved by the share');
    await vscode.commands.executeCommand('undo');
    await until('undo restores the original text', () => (editor.document.getText() === original ? true : undefined));
    await until('undo saved the file again', () => (readFileSync(uri.fsPath, 'utf8') === original && !editor.document.isDirty ? true : undefined));
    await vscode.commands.executeCommand('redo');
    await until('redo writes the share again, saved', () => (readFileSync(uri.fsPath, 'utf8') !== original && !editor.document.isDirty ? true : undefined));
  }],

  ['a share blocked by a finding in a sibling file names that file, and writes nothing', async () => {
    const uri = workspaceFile('blocked/key-policy.json');
    const before = readFileSync(uri.fsPath, 'utf8');
    const result = await vscode.commands.executeCommand<{ written: string[]; blockedBy?: string[] }>('secretShareWizard.shareCrossAccount', uri, {
      consumer: '222222222222', secretArn: SECRET_ARN, keyArn: KEY_ARN, apply: 'all',
    });
    assert.deepEqual(result.written, []);
    assert.deepEqual(result.blockedBy, ['blocked/secret-policy-public.json']);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), before);
  }],

  ['"Not a secret-sharing policy" is remembered: no lens, no findings', async () => {
    const uri = workspaceFile('trust/app-role-trust.json');
    await open('trust/app-role-trust.json');
    const asked = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.equal(asked[0]?.command?.title, 'Which policy is this?');
    await vscode.commands.executeCommand('secretShareWizard.setPolicyKind', uri, 'not-secret-sharing');
    await until('no lens for the trust policy', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return (lenses ?? []).length === 0 ? true : undefined;
    });
    await until('no findings for the trust policy', () => (vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'secret-share-wizard').length === 0 ? true : undefined));
  }],
  ['shares.json is validated by the manifest\'s JSON Schema (jsonValidation): an unknown field is a problem at its line', async () => {
    const uri = workspaceFile('manifest-check/shares.json');
    const text = '{\n  "version": 1,\n  "shares": [\n    { "secrets": [{ "name": "MY_TEST_SECRET" }], "consumers": [{ "account": "222222222222" }], "consumerz": [] }\n  ]\n}\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      const problem = await until('the schema problem', () => vscode.languages.getDiagnostics(uri).find((d) => d.source !== 'secret-share-wizard' && d.message.includes('consumerz')), 30_000);
      assert.equal(problem.range.start.line, 3);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  }],
];

function record(name: string, value: unknown): void {
  appendFileSync(process.env.SSW_EXT_TEST_RESULTS!, `${JSON.stringify({ metric: name, value })}\n`);
}

export async function run(): Promise<void> {
  let failed = 0;
  for (const [name, test] of tests) {
    const started = Date.now();
    try {
      await test();
      appendFileSync(process.env.SSW_EXT_TEST_RESULTS!, `${JSON.stringify({ name, ok: true, ms: Date.now() - started })}\n`);
    } catch (error) {
      failed += 1;
      appendFileSync(process.env.SSW_EXT_TEST_RESULTS!, `${JSON.stringify({ name, ok: false, ms: Date.now() - started, error: String((error as Error)?.stack ?? error) })}\n`);
    }
  }
  if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
}
