import * as vscode from 'vscode';
import { classifyPolicyText, isWizardError, type DocumentKind } from '@secret-share-wizard/core';
import type { AnswerStore } from './answer-store';
import type { CommandId } from './command-ids';
import { diagnoseAccessCommand } from './diagnose-access';
import { isCancelled } from './errors';
import type { Log } from './output-log';
import { askPolicyKind, type PolicyKindStore } from './policy-kinds';
import { restoreBackup } from './restore-backup';
import type { ReviewEditor } from './review-editor';
import type { SavedEdits } from './saved-edits';
import { shareFromAws } from './share-aws';
import { isShareFileAnswers, shareFile } from './share-file';
import { listSecretShares, revokeShare } from './share-list';
import { isSimulateAnswers, simulateFile } from './simulate-file';
import { errorText } from './vscode-wording';

export interface CommandDeps {
  kinds: PolicyKindStore;
  /** The review (multi-diff editor) and its Apply/Discard. */
  reviews: ReviewEditor;
  /** File mode's one edit over every file, saved (and saved again after undo). */
  savedEdits: SavedEdits;
  /** The AWS prompts' answers, remembered per workspace. */
  answers: AnswerStore;
  log: Log;
  /** A read-only document with this text (the diagnosis). */
  showText: (label: string, text: string) => Promise<void>;
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

/** The active editor's file when it is a policy JSON file. */
function activePolicyFile(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document && document.uri.scheme === 'file' && isPolicyFile(document.uri) ? document.uri : undefined;
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
      return shareFromAws(deps);
    },
    'secretShareWizard.shareFromAws': async () => shareFromAws(deps),
    'secretShareWizard.simulateAccess': async (arg, answers) => simulateFile(deps, requireFile(targetUri(arg), 'Simulate access'), isSimulateAnswers(answers) ? answers : undefined),
    'secretShareWizard.showFindings': async () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    'secretShareWizard.setPolicyKind': async (arg, kind) => {
      const uri = requireFile(targetUri(arg), 'Set policy kind');
      if (isDocumentKind(kind) || kind === 'not-secret-sharing') return deps.kinds.set(uri, kind);
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      const classification = classifyPolicyText(text);
      return askPolicyKind(deps.kinds, uri, ['secret-policy', 'key-policy', 'identity-policy'], classification.reason);
    },
    'secretShareWizard.applyProposal': async () => {
      if (!deps.reviews.resolvePending(true)) throw new UserFacing('No review is waiting for Apply: run "Share cross-account…", "Share a secret from AWS…", "Revoke a share…" or "Restore a backup…" first.');
      return true;
    },
    'secretShareWizard.showLog': async () => deps.log.channel.show(),
    'secretShareWizard.checkWorkspace': async () => deps.checkWorkspace(),
    'secretShareWizard.fixAll': async (arg) => deps.fixAll(targetUri(arg)),
    'secretShareWizard.discardProposal': async () => {
      if (!deps.reviews.resolvePending(false)) throw new UserFacing('No review is waiting: there is nothing to discard.');
      return true;
    },
    'secretShareWizard.revokeShare': async () => revokeShare(deps),
    'secretShareWizard.listShares': async () => listSecretShares(deps),
    'secretShareWizard.restoreBackup': async () => restoreBackup(deps),
    'secretShareWizard.moveToKey': async () => shareFromAws(deps, { moveToKey: true }),
    'secretShareWizard.diagnoseAccess': async (arg) => diagnoseAccessCommand(deps, arg instanceof vscode.Uri ? { file: arg } : { activeFile: activePolicyFile() }),
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
        message = errorText(error);
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
