import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from './command-ids';
import { registerCommands } from './commands';
import { createLog } from './output-log';
import { PolicyAnalysis, isJsonDocument } from './policy-analysis';
import { PolicyDiagnostics } from './policy-diagnostics';
import { PolicyKindStore } from './policy-kinds';
import { PolicyLensProvider } from './policy-lens-provider';
import { PolicyQuickFixProvider } from './quick-fix-provider';
import { ProposalDocuments } from './proposals';
import { readSettings } from './settings';
import { isAwsShareAnswers } from './share-aws-answers';

// The bundle's banner stamps when it starts evaluating; this line runs once every import is evaluated.
const bundleStartedAt = (globalThis as { __secretShareWizardLoadedAt?: number }).__secretShareWizardLoadedAt;
const moduleEvaluationMs = bundleStartedAt === undefined ? 0 : performance.now() - bundleStartedAt;

/** What `activate` returns (the extension's API): timings for tests and the benchmark. */
export interface ExtensionApi {
  /**
   * Our share of activation: evaluating the bundle plus running `activate` (VS Code's own work
   * between loading the module and calling `activate`, e.g. opening workspace storage, is not counted).
   */
  activationMs: number;
  moduleEvaluationMs: number;
  activateMs: number;
}

/** Activation only registers: commands, providers, listeners. Everything goes to `context.subscriptions`. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const activateStartedAt = performance.now();
  const log = createLog();
  const kinds = new PolicyKindStore(context.workspaceState);
  const analysis = new PolicyAnalysis(kinds);
  const lenses = new PolicyLensProvider(analysis);
  const diagnostics = new PolicyDiagnostics(analysis, () => readSettings().debounceMs, () => lenses.refresh());
  const proposals = new ProposalDocuments();
  const selector: vscode.DocumentSelector = [
    { language: 'json', scheme: 'file' },
    { language: 'jsonc', scheme: 'file' },
  ];

  context.subscriptions.push(
    log.channel,
    kinds,
    lenses,
    diagnostics,
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerCodeActionsProvider(selector, new PolicyQuickFixProvider(), { providedCodeActionKinds: PolicyQuickFixProvider.kinds }),
    vscode.workspace.onDidOpenTextDocument((document) => diagnostics.update(document)),
    vscode.workspace.onDidChangeTextDocument((event) => diagnostics.schedule(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      diagnostics.clear(document.uri);
      analysis.forget(document.uri);
    }),
    kinds.onDidChange((uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) diagnostics.update(document);
    }),
  );
  registerCommands(context, {
    kinds,
    proposals,
    log,
    shareFromAws: async (deps, answers) => (await import('./share-aws')).shareFromAws(deps, isAwsShareAnswers(answers) ? answers : undefined),
  });
  // Documents already open are analysed right after activation, not inside it: activation only registers.
  const initialPass = setTimeout(() => {
    for (const document of vscode.workspace.textDocuments) if (isJsonDocument(document)) diagnostics.update(document);
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initialPass) });
  const activateMs = performance.now() - activateStartedAt;
  return { activationMs: moduleEvaluationMs + activateMs, moduleEvaluationMs, activateMs };
}

export function deactivate(): void {}
