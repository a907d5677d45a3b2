import * as vscode from 'vscode';
import { COMMAND_IDS, PROPOSAL_SCHEME } from './command-ids';
import type { Features } from './features';

// The entry VS Code loads on activation: it only registers. Everything else (the core, jsonc-parser,
// the diff library, the AWS SDK further on) is in dist/features.js, loaded on first use: the first
// lens, diagnostic, code action or command. VS Code's activation time ("Developer: Show Running
// Extensions") counts loading this module and the `activate` call, so both stay tiny.

// The bundle's banner stamps when it starts evaluating; this line runs once every import is evaluated.
const bundleStartedAt = (globalThis as { __secretShareWizardLoadedAt?: number }).__secretShareWizardLoadedAt;
const moduleEvaluationMs = bundleStartedAt === undefined ? 0 : performance.now() - bundleStartedAt;

/** What `activate` returns (the extension's API): timings for tests and the benchmark. */
export interface ExtensionApi {
  /** Our share of activation as measured inside the bundle: evaluating the entry plus running `activate`. */
  activationMs: number;
  moduleEvaluationMs: number;
  activateMs: number;
}

function isJson(document: vscode.TextDocument): boolean {
  return document.languageId === 'json' || document.languageId === 'jsonc';
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const activateStartedAt = performance.now();
  const lensesChanged = new vscode.EventEmitter<void>();
  const proposalsChanged = new vscode.EventEmitter<vscode.Uri>();
  let loading: Promise<Features> | undefined;
  const features = (): Promise<Features> => {
    loading ??= import('./features').then((module) => module.createFeatures(context, { refreshLenses: () => lensesChanged.fire(), proposalChanged: (uri) => proposalsChanged.fire(uri) }));
    return loading;
  };
  const whenLoaded = (run: (f: Features) => void) => void features().then(run);
  const selector: vscode.DocumentSelector = [
    { language: 'json', scheme: 'file' },
    { language: 'jsonc', scheme: 'file' },
  ];

  context.subscriptions.push(
    lensesChanged,
    proposalsChanged,
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await features()).runCommand(id, args))),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
      onDidChange: proposalsChanged.event,
      provideTextDocumentContent: async (uri) => (await features()).proposalText(uri),
    }),
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses: async (document) => (isJson(document) ? (await features()).codeLenses(document) : []),
    }),
    vscode.languages.registerCodeActionsProvider(selector, {
      provideCodeActions: async (document, range, actionContext) => (await features()).codeActions(document, range, actionContext),
      // SourceFixAll.append('secretShareWizard') is FIX_ALL_KIND (command-ids.ts).
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append('secretShareWizard')] }),
    vscode.workspace.onDidOpenTextDocument((document) => isJson(document) && whenLoaded((f) => f.documentOpened(document))),
    vscode.workspace.onDidChangeTextDocument((event) => isJson(event.document) && whenLoaded((f) => f.documentChanged(event.document))),
    vscode.workspace.onDidCloseTextDocument((document) => isJson(document) && loading !== undefined && whenLoaded((f) => f.documentClosed(document))),
  );
  // JSON documents already open are analysed right after activation, not inside it.
  const initialPass = setTimeout(() => {
    if (vscode.workspace.textDocuments.some(isJson)) whenLoaded((f) => f.checkOpenDocuments());
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initialPass) });
  const activateMs = performance.now() - activateStartedAt;
  return { activationMs: moduleEvaluationMs + activateMs, moduleEvaluationMs, activateMs };
}

export function deactivate(): void {}
