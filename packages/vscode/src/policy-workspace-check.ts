import * as vscode from 'vscode';
import type { Log } from './output-log';
import type { PolicyAnalysis } from './policy-analysis';
import type { PolicyDiagnostics } from './policy-diagnostics';
import { summarizeWorkspaceCheck, type CheckedFile } from './policy-workspace-summary';

/** JSON files that are never policies, and folders nobody keeps policies in. */
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/package.json,**/package-lock.json,**/tsconfig*.json,**/.vscode/**}';
/** Files read at once: enough to hide latency, few enough for a large repository. */
const BATCH = 16;

/**
 * "Secret Share Wizard: Check all policy files in the workspace": every `*.json` of the workspace
 * (not only open editors) is read, classified by the core's classifier; non-policy JSON is skipped;
 * the findings of each policy file go to the Problems panel. Open editors keep their own (possibly
 * unsaved) text. Returns what was checked, for scripts and tests.
 */
export async function checkWorkspacePolicies(analysis: PolicyAnalysis, diagnostics: PolicyDiagnostics, log: Log): Promise<CheckedFile[]> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Checking policy files' }, async () => {
    const uris = await vscode.workspace.findFiles('**/*.json', EXCLUDE);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const checked: CheckedFile[] = [];
    for (let i = 0; i < uris.length; i += BATCH) {
      await Promise.all(uris.slice(i, i + BATCH).map(async (uri) => {
        const path = vscode.workspace.asRelativePath(uri);
        const document = open.get(uri.toString());
        try {
          if (document) {
            diagnostics.update(document);
            const { analysis: result } = analysis.get(document);
            checked.push({ path, isPolicy: result.classification.isPolicy, severities: result.findings.map((f) => f.finding.severity) });
            return;
          }
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          const { isPolicy, specs } = diagnostics.setFromText(uri, text);
          checked.push({ path, isPolicy, severities: specs.map((s) => s.severity) });
        } catch (error) {
          log.error(`Check workspace: cannot read ${path}: ${(error as Error).message}`);
        }
      }));
    }
    checked.sort((a, b) => a.path.localeCompare(b.path));
    const summary = summarizeWorkspaceCheck(checked);
    log.info(`Check workspace: ${summary}`);
    for (const file of checked.filter((f) => f.isPolicy)) log.info(`  ${file.path}: ${file.severities.length} finding(s)`);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showInformationMessage(summary);
    return checked;
  });
}
