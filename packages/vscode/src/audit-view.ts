import * as vscode from 'vscode';
import { listProfiles, messageWithFix, runAuditFixSession, runAuditSession, type AuditGrant, type AuditReport, type Host, type ProgressEvent, type Question } from '@secret-share-wizard/core';
import { AUDIT_SCHEME, auditDocuments, auditTree, isFixable, type AuditIcon, type AuditTreeNode } from './audit-model';
import type { CommandDeps } from './commands';
import { answered } from './errors';
import { readSettings } from './settings';

/** Answers given up front (scripts, tests): no prompt is shown. */
export interface AuditAnswers {
  ownerProfile?: string;
  region: string;
  /** Answer to each fix's modal confirmation. */
  apply?: boolean;
}

export function isAuditAnswers(value: unknown): value is AuditAnswers {
  return typeof value === 'object' && value !== null && typeof (value as { region?: unknown }).region === 'string';
}

const ICONS: Record<AuditIcon, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  organization: new vscode.ThemeIcon('organization'),
  account: new vscode.ThemeIcon('account'),
  secret: new vscode.ThemeIcon('key'),
  key: new vscode.ThemeIcon('symbol-key'),
};

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/**
 * "Audit account…": the result as a tree in the Explorer (account → secret → grant, status icons),
 * each finding in the Problems panel on a read-only document per account and region
 * (`secret-share-wizard-audit:/ACCOUNT/REGION.json`), and the fix as a code action there and as
 * "Fix…" on the grant in the tree. A fix runs the core's audit-fix session (approval in a modal,
 * preflight, guard, rollback), then the account is audited again. Everything is registered on the
 * first audit: the view appears once there is something to show.
 */
export class AuditView implements vscode.TreeDataProvider<AuditTreeNode>, vscode.TextDocumentContentProvider, vscode.CodeActionProvider, vscode.Disposable {
  private report: AuditReport | undefined;
  private nodes: AuditTreeNode[] = [];
  private texts = new Map<string, string>();
  private run: { ownerProfile?: string; region: string } | undefined;
  private readonly treeChanged = new vscode.EventEmitter<AuditTreeNode | undefined>();
  private readonly textChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('secret-share-wizard-audit');
  private readonly disposables: vscode.Disposable[];
  readonly onDidChangeTreeData = this.treeChanged.event;
  readonly onDidChange = this.textChanged.event;

  constructor() {
    this.disposables = [
      this.treeChanged,
      this.textChanged,
      this.diagnostics,
      vscode.window.createTreeView('secretShareWizard.audit', { treeDataProvider: this, showCollapseAll: true }),
      vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, this),
      vscode.languages.registerCodeActionsProvider({ scheme: AUDIT_SCHEME }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  getTreeItem(node: AuditTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length > 0 ? (node.icon === 'account' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = ICONS[node.icon];
    if (node.description) item.description = node.description;
    if (node.tooltip) item.tooltip = node.tooltip;
    if (node.contextValue) item.contextValue = node.contextValue;
    return item;
  }

  getChildren(node?: AuditTreeNode): AuditTreeNode[] {
    return node ? node.children : this.nodes;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '[]\n';
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (document.uri.scheme !== AUDIT_SCHEME || !this.report) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const index = Number(String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code).split('#')[1]);
      const grant = this.report.shares[index];
      if (!grant || !isFixable(grant)) continue;
      const action = new vscode.CodeAction(`Fix: ${grant.fix!.description}`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: 'secretShareWizard.auditFix', title: 'Fix', arguments: [grant] };
      actions.push(action);
    }
    return actions;
  }

  /** Shows a report: the tree, the documents and their problems. */
  show(report: AuditReport, run: { ownerProfile?: string; region: string }): void {
    this.report = report;
    this.run = run;
    this.nodes = auditTree(report);
    this.diagnostics.clear();
    const previous = new Set(this.texts.keys());
    this.texts.clear();
    for (const document of auditDocuments(report)) {
      this.texts.set(document.path, document.text);
      const uri = vscode.Uri.from({ scheme: AUDIT_SCHEME, path: document.path });
      const lines = document.text.split('\n');
      this.diagnostics.set(
        uri,
        document.problems.map((problem) => {
          const diagnostic = new vscode.Diagnostic(new vscode.Range(problem.line, 0, problem.line, lines[problem.line]?.length ?? 0), problem.message, SEVERITY[problem.severity]);
          diagnostic.source = 'secret-share-wizard audit';
          diagnostic.code = `${problem.code}#${problem.grant}`;
          return diagnostic;
        }),
      );
      this.textChanged.fire(uri);
      previous.delete(document.path);
    }
    for (const path of previous) this.textChanged.fire(vscode.Uri.from({ scheme: AUDIT_SCHEME, path }));
    this.treeChanged.fire(undefined);
  }

  get last(): { ownerProfile?: string; region: string } | undefined {
    return this.run;
  }
}

function host(deps: CommandDeps, progress: vscode.Progress<{ message?: string }> | undefined, apply: boolean | undefined): Host {
  return {
    notify(event: ProgressEvent) {
      const text = event.type === 'plan' ? undefined : event.type === 'error' ? messageWithFix(event.error.message, event.error.fix) : 'message' in event ? event.message : undefined;
      if (!text) return;
      deps.log.info(text);
      progress?.report({ message: text });
    },
    async ask<C extends Question['code']>(question: Question<C>) {
      if (question.code !== 'approve-writes') return question.defaultAnswer;
      if (apply !== undefined) return apply as never;
      const notes = (question.payload as { notes?: string[] }).notes ?? [];
      const choice = await vscode.window.showWarningMessage(question.message, { modal: true, detail: notes.join('\n') }, 'Apply');
      return (choice === 'Apply') as never;
    },
  };
}

async function pickProfile(deps: CommandDeps, preferred: string | undefined): Promise<string | undefined> {
  const profiles = await listProfiles();
  if (profiles.length === 0) return undefined;
  const items = profiles.map((p) => ({ label: p.name, description: p.region ?? '' })).sort((a, b) => Number(b.label === preferred) - Number(a.label === preferred));
  deps.log.info(`Audit: ${profiles.length} profiles`);
  return answered(await vscode.window.showQuickPick(items, { title: 'Audit account: profile of the account to audit', ignoreFocusOut: true })).label;
}

/** "Audit account…": every cross-account grant of one account and region, into the tree and the Problems panel. */
export async function auditAccount(deps: CommandDeps, view: AuditView, answers?: AuditAnswers): Promise<AuditReport | undefined> {
  const settings = readSettings();
  const ownerProfile = answers ? answers.ownerProfile : await pickProfile(deps, settings.ownerProfile);
  const region =
    answers?.region ??
    answered(await vscode.window.showInputBox({ title: 'Audit account: region', value: settings.region ?? process.env.AWS_REGION ?? 'us-east-1', ignoreFocusOut: true, validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v) ? undefined : 'A region, e.g. us-east-2') }));
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Auditing cross-account shares', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return runAuditSession(
      { regions: [region], onProgress: (p) => progress.report({ message: `${p.done}/${p.total} secrets` }) },
      { host: host(deps, undefined, undefined), aws: { ...(ownerProfile ? { ownerProfile } : {}), region }, signal: controller.signal },
    );
  });
  if (!outcome.report) throw Object.assign(new Error(outcome.error ? messageWithFix(outcome.error.message, outcome.error.fix) : 'The audit failed'), { code: outcome.error?.code });
  view.show(outcome.report, { ...(ownerProfile ? { ownerProfile } : {}), region });
  await vscode.commands.executeCommand('setContext', 'secretShareWizard.auditShown', true);
  const { summary } = outcome.report;
  const text = `${summary.grants} cross-account grant${summary.grants === 1 ? '' : 's'} in ${summary.secrets} secret${summary.secrets === 1 ? '' : 's'}: ${summary.attention === 0 ? 'nothing needs attention' : `${summary.attention} need${summary.attention === 1 ? 's' : ''} attention (see Problems)`}.`;
  deps.log.info(`Audit: ${text}`);
  void vscode.window.showInformationMessage(text);
  return outcome.report;
}

/** "Fix…" on a grant (tree context menu, code action): its fix through the core's session, then audit again. */
export async function auditFix(deps: CommandDeps, view: AuditView, target: unknown, answers?: AuditAnswers): Promise<boolean> {
  const grant = (target as { grant?: AuditGrant } | undefined)?.grant ?? (target as AuditGrant | undefined);
  if (!grant || typeof grant !== 'object' || !('fix' in grant) || !grant.fix || grant.fix.kind === 'manual') {
    void vscode.window.showInformationMessage(grant && 'fix' in grant && grant.fix ? grant.fix.description : 'This grant has no automatic fix.');
    return false;
  }
  const run = answers ?? view.last;
  const aws = { ...(run?.ownerProfile ? { ownerProfile: run.ownerProfile } : {}), region: grant.region };
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Fixing ${grant.status}: ${grant.principal}` }, (progress) =>
    runAuditFixSession({ fix: grant.fix!, mode: 'apply' }, { host: host(deps, progress, answers?.apply), aws }),
  );
  if (outcome.status !== 'applied') {
    if (outcome.error) void vscode.window.showErrorMessage(messageWithFix(outcome.error.message, outcome.error.fix));
    return false;
  }
  void vscode.window.showInformationMessage(`Fixed: ${grant.fix.description}${outcome.backup ? ` (backup ${outcome.backup})` : ''}`);
  await auditAccount(deps, view, { region: grant.region, ...(run?.ownerProfile ? { ownerProfile: run.ownerProfile } : {}) });
  return true;
}
