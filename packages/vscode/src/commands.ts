import * as vscode from 'vscode';
import { classifyPolicyText, isWizardError, messageWithFix, type DocumentKind } from '@secret-share-wizard/core';
import type { CommandId } from './command-ids';
import { isCancelled } from './errors';
import type { Log } from './output-log';
import { askPolicyKind, type PolicyKindStore } from './policy-kinds';
import type { ProposalDocuments } from './proposals';
import { isShareFileAnswers, shareFile } from './share-file';
import { isSimulateAnswers, simulateFile } from './simulate-file';

export interface CommandDeps {
  kinds: PolicyKindStore;
  proposals: ProposalDocuments;
  log: Log;
  /** AWS mode, loaded on first use (it pulls in the AWS SDK). */
  shareFromAws: (deps: CommandDeps, answers?: unknown) => Promise<unknown>;
  /** Every policy JSON file of the workspace into the Problems panel. */
  checkWorkspace: () => Promise<unknown>;
  /** Every certain fix of one file (the argument, else the active editor). */
  fixAll: (uri: vscode.Uri | undefined) => Promise<unknown>;
  /** "Audit account…": the tree and the Problems panel (audit-view.ts, loaded on first use). */
  auditAccount: (deps: CommandDeps, answers?: unknown) => Promise<unknown>;
  /** "Fix…" on an audited grant (a tree item or a code action's argument). */
  auditFix: (deps: CommandDeps, target: unknown, answers?: unknown) => Promise<unknown>;
}

type Handler = (...args: unknown[]) => Promise<unknown>;

/** The file a command is about: the explorer/editor argument, else the active editor's file. */
function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

function isPolicyFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  if (!uri || uri.scheme !== 'file' || !uri.path.toLowerCase().endsWith('.json')) return false;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? classifyPolicyText(open.getText()).isPolicy : true;
}

function isDocumentKind(value: unknown): value is DocumentKind {
  return value === 'secret-policy' || value === 'key-policy' || value === 'identity-policy';
}

function requireFile(uri: vscode.Uri | undefined, what: string): vscode.Uri {
  if (!uri) throw new UserFacing(`${what} needs a policy JSON file: open one, or right-click it in the explorer.`);
  return uri;
}

/** A message for the user that is not a core error (no file open, nothing to apply). */
class UserFacing {
  readonly brand = 'secret-share-wizard/vscode-user-message';
  constructor(readonly message: string) {}
}

function isUserFacing(value: unknown): value is UserFacing {
  return typeof value === 'object' && value !== null && (value as { brand?: unknown }).brand === 'secret-share-wizard/vscode-user-message';
}

/** Every command's handler: one typed map (a missing or extra id does not compile). */
export function commandHandlers(deps: CommandDeps): Record<CommandId, Handler> {
  return {
    'secretShareWizard.shareCrossAccount': async (arg, answers) => {
      const uri = targetUri(arg);
      if (isPolicyFile(uri)) return shareFile(deps, uri, isShareFileAnswers(answers) ? answers : undefined);
      return deps.shareFromAws(deps);
    },
    'secretShareWizard.shareFromAws': async (answers) => deps.shareFromAws(deps, answers),
    'secretShareWizard.simulateAccess': async (arg, answers) => simulateFile(deps, requireFile(targetUri(arg), 'Simulate access'), isSimulateAnswers(answers) ? answers : undefined),
    'secretShareWizard.showFindings': async () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    'secretShareWizard.setPolicyKind': async (arg, kind) => {
      const uri = requireFile(targetUri(arg), 'Set policy kind');
      if (isDocumentKind(kind)) return deps.kinds.set(uri, kind);
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      const classification = classifyPolicyText(text);
      return askPolicyKind(deps.kinds, uri, ['secret-policy', 'key-policy', 'identity-policy'], classification.reason);
    },
    'secretShareWizard.applyProposal': async () => {
      if (!deps.proposals.pending) throw new UserFacing('There is no proposed change to apply: run "Share cross-account…" first.');
      const written = await deps.proposals.applyPending();
      void vscode.window.showInformationMessage(`Updated ${written.map((w) => vscode.workspace.asRelativePath(w)).join(', ')} (Undo reverts it).`);
      return written;
    },
    'secretShareWizard.showLog': async () => deps.log.channel.show(),
    'secretShareWizard.checkWorkspace': async () => deps.checkWorkspace(),
    'secretShareWizard.fixAll': async (arg) => deps.fixAll(targetUri(arg)),
    'secretShareWizard.auditAccount': async (answers) => deps.auditAccount(deps, answers),
    'secretShareWizard.auditFix': async (target, answers) => deps.auditFix(deps, target, answers),
  };
}

/**
 * The one error wrapper: a dismissed prompt ends quietly; a user mistake or an AWS failure becomes
 * one message (with "Show log"); anything else is logged as a bug. Never a raw stack for the user.
 */
export function wrapHandler(id: CommandId, handler: Handler, log: Log): Handler {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isCancelled(error)) return undefined;
      let message: string;
      if (isUserFacing(error)) message = error.message;
      else if (isWizardError(error)) {
        message = messageWithFix(error.message, error.fix);
        log.error(`${id}: ${error.code} ${error.message}`);
      } else {
        message = `Unexpected error in ${id}: ${(error as Error)?.message ?? String(error)}`;
        log.error(`${message}\n${(error as Error)?.stack ?? ''}`);
      }
      void vscode.window.showErrorMessage(message, 'Show log').then((choice) => choice && log.channel.show(true));
      return undefined;
    }
  };
}
