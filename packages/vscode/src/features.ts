import * as vscode from 'vscode';
import type { CommandId } from './command-ids';
import { commandHandlers, wrapHandler, type CommandDeps } from './commands';
import { createLog } from './output-log';
import { PolicyAnalysis, isJsonDocument } from './policy-analysis';
import { PolicyDiagnostics } from './policy-diagnostics';
import { PolicyKindStore } from './policy-kinds';
import { policyCodeLenses } from './policy-lens-provider';
import { fixAllInDocument, PolicyQuickFixProvider } from './quick-fix-provider';
import { checkWorkspacePolicies } from './policy-workspace-check';
import { ProposalDocuments } from './proposals';
import { AnswerStore } from './answer-store';
import { PROPOSAL_SCHEME } from './command-ids';
import { ReviewEditor } from './review-editor';
import { SavedEdits } from './saved-edits';
import { readSettings } from './settings';

/** What the entry (extension.ts) forwards to: everything but registration, loaded on first use. */
export interface Features {
  runCommand(id: CommandId, args: unknown[]): Promise<unknown>;
  codeLenses(document: vscode.TextDocument): vscode.CodeLens[];
  codeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[];
  proposalText(uri: vscode.Uri): string;
  documentOpened(document: vscode.TextDocument): void;
  documentChanged(document: vscode.TextDocument): void;
  documentClosed(document: vscode.TextDocument): void;
  /** Findings for every JSON document already open (right after activation). */
  checkOpenDocuments(): void;
}

/** The entry's events, fired from here. */
export interface FeatureHooks {
  refreshLenses(): void;
  proposalChanged(uri: vscode.Uri): void;
}

export function createFeatures(context: vscode.ExtensionContext, hooks: FeatureHooks): Features {
  const log = createLog();
  const kinds = new PolicyKindStore(context.workspaceState);
  const analysis = new PolicyAnalysis(kinds);
  const diagnostics = new PolicyDiagnostics(analysis, () => readSettings().debounceMs, () => hooks.refreshLenses());
  const proposals = new ProposalDocuments();
  const reviews = new ReviewEditor(proposals);
  const savedEdits = new SavedEdits();
  const quickFixes = new PolicyQuickFixProvider(analysis);
  let texts = 0;
  const deps: CommandDeps = {
    kinds,
    reviews,
    savedEdits,
    answers: new AnswerStore(context.workspaceState),
    log,
    showText: async (label, text) => {
      texts += 1;
      const uri = proposals.put(vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${label.replace(/[/\\?#%]+/g, '-')}`, query: String(texts) }), text);
      // Markdown (a diagnosis) opens rendered; the source stays one command away ("Open Preview to the Side" back).
      // (The built-in Markdown extension activates on the command; without it, the source.)
      if (label.endsWith('.md')) {
        const shown = await vscode.commands.executeCommand('markdown.showPreview', uri).then(
          () => true,
          () => false,
        );
        if (shown) return;
      }
      await vscode.window.showTextDocument(uri, { preview: false });
    },
    checkWorkspace: async () => checkWorkspacePolicies(analysis, diagnostics, log),
    fixAll: async (uri) => fixAllInDocument(analysis, uri),
    auditAccount: async (commandDeps, answers) => {
      const audit = await import('./audit-view');
      return audit.auditAccount(commandDeps, auditView(audit), audit.isAuditAnswers(answers) ? answers : undefined);
    },
    auditFix: async (commandDeps, target, answers) => {
      const audit = await import('./audit-view');
      return audit.auditFix(commandDeps, auditView(audit), target, audit.isAuditAnswers(answers) ? answers : undefined);
    },
  };
  // The audit's tree, documents and code actions: registered on the first audit.
  let audited: import('./audit-view').AuditView | undefined;
  const auditView = (audit: typeof import('./audit-view')) => {
    if (!audited) {
      audited = new audit.AuditView();
      context.subscriptions.push(audited);
    }
    return audited;
  };
  const handlers = commandHandlers(deps);
  const wrapped = new Map<CommandId, (...args: unknown[]) => Promise<unknown>>();
  context.subscriptions.push(
    log.channel,
    kinds,
    diagnostics,
    proposals,
    reviews,
    savedEdits,
    proposals.onDidChange((uri) => hooks.proposalChanged(uri)),
    kinds.onDidChange((uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) diagnostics.update(document);
    }),
  );
  return {
    runCommand: async (id, args) => {
      let handler = wrapped.get(id);
      if (!handler) {
        handler = wrapHandler(id, handlers[id], log);
        wrapped.set(id, handler);
      }
      return handler(...args);
    },
    codeLenses: (document) => policyCodeLenses(analysis, document),
    codeActions: (document, range, actionContext) => quickFixes.provideCodeActions(document, range, actionContext),
    proposalText: (uri) => proposals.provideTextDocumentContent(uri),
    documentOpened: (document) => diagnostics.update(document),
    documentChanged: (document) => diagnostics.schedule(document),
    documentClosed: (document) => {
      analysis.forget(document.uri);
      void diagnostics.closed(document.uri);
    },
    checkOpenDocuments: () => {
      for (const document of vscode.workspace.textDocuments) if (isJsonDocument(document)) diagnostics.update(document);
    },
  };
}
