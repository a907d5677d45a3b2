import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from './command-ids';
import type { ProposalDocuments } from './proposals';
import { reviewTitle, reviewBaseTitle, type Review, type ReviewEntry, type ReviewState } from './review-model';

/** One resource of the multi-diff editor: what it is named by, and the two sides. */
export interface ReviewItem {
  entry: ReviewEntry;
  /** Names the entry in the editor (its file name is the header). */
  resource: vscode.Uri;
  /** Absent: the document is created. */
  original?: vscode.Uri;
  /** The document after (an empty one when the change deletes it). */
  modified: vscode.Uri;
}

/** The title of a review tab, in any state (see review-model.ts `reviewTitle`). */
const REVIEW_TAB = /^(Share|Revoke|Restore) .+ — (review|applied|not applied|blocked)( \(|$)/;

/** The context key that shows Apply/Discard in the review's title bar. */
export const REVIEW_PENDING_CONTEXT = 'secretShareWizard.reviewPending';

function pathPart(text: string): string {
  return text.replace(/[/\\?#%]+/g, '-');
}

/**
 * The review: every change of a plan together in VS Code's multi-diff editor (`vscode.changes`),
 * titled with the secret and the consumer, each document labelled by kind and account. Approval is
 * an action of the review — Apply/Discard in its title bar, in a notification that does not cover
 * it, and in the status bar — never a modal. Opening a review again (or its applied result)
 * replaces the earlier tab of the same secret and consumer, so tabs do not pile up.
 */
export class ReviewEditor implements vscode.Disposable {
  private readonly shown = new Map<string, { uris: vscode.Uri[]; title: string }>();
  private pending: { key: string; finish(apply: boolean): void } | undefined;
  private readonly status = vscode.window.createStatusBarItem('secretShareWizard.review', vscode.StatusBarAlignment.Left, 100);
  private run = 0;

  constructor(private readonly documents: ProposalDocuments) {
    this.status.name = 'Secret Share Wizard: review';
    this.status.command = 'secretShareWizard.applyProposal';
  }

  /**
   * Virtual documents for a review of AWS documents: before and after (or, `applied`, the result)
   * per entry. Both sides share one path — the entry's label — so the editor shows one name.
   */
  virtualItems(review: Review, stage: 'proposed' | 'applied'): ReviewItem[] {
    this.run += 1;
    const run = this.run;
    return review.entries.map((entry) => {
      const path = `/${pathPart(reviewBaseTitle(review.subject))}/${pathPart(entry.label)}.json`;
      const at = (side: string) => vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path, query: `${run}-${side}` });
      const original = entry.before === null ? undefined : this.documents.put(at('before'), entry.before);
      // A deleted document is shown as empty: the multi-diff editor needs a right side to load.
      const modified = this.documents.put(at(stage), entry.after ?? '');
      return { entry, resource: modified, ...(original ? { original } : {}), modified };
    });
  }

  /**
   * The items of a review of workspace files: each file is the resource (its name is the header);
   * the left side is a snapshot of its text before; the right side the proposed text, or — once
   * applied — the file itself, as saved.
   */
  fileItems(files: Array<{ entry: ReviewEntry; uri: vscode.Uri }>, stage: 'proposed' | 'applied'): ReviewItem[] {
    this.run += 1;
    const run = this.run;
    return files.map(({ entry, uri }) => {
      const at = (side: string) => vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: uri.path, query: `${run}-${side}` });
      const original = entry.before === null ? undefined : this.documents.put(at('before'), entry.before);
      const modified = stage === 'applied' ? uri : this.documents.put(at('proposed'), entry.after ?? '');
      return { entry, resource: uri, ...(original ? { original } : {}), modified };
    });
  }

  /** Opens the review (closing any earlier tab of the same review); returns its title. */
  async show(review: Review, state: ReviewState, items: ReviewItem[], note?: string): Promise<string> {
    const title = reviewTitle(review.subject, state, note);
    const previous = this.shown.get(review.key);
    await this.closeTabs(review);
    const uris = [...(previous?.uris ?? []), ...items.flatMap((item) => [item.original, item.modified].filter((u): u is vscode.Uri => u?.scheme === PROPOSAL_SCHEME))];
    this.shown.set(review.key, { uris, title });
    await vscode.commands.executeCommand('vscode.changes', title, items.map((item) => [item.resource, item.original, item.modified]));
    // Opened as a preview, the review would be replaced by the next file opened from the explorer: keep it.
    await vscode.commands.executeCommand('workbench.action.keepEditor');
    return title;
  }

  /** Closes the review's tab and forgets its documents. */
  async close(review: Review): Promise<void> {
    const shown = this.shown.get(review.key);
    this.shown.delete(review.key);
    await this.closeTabs(review);
    if (shown) this.documents.delete(shown.uris);
  }

  /**
   * Every tab of this secret and consumer's review, in any state ("Share S with C — review (3
   * files)", "… — applied …"), and any review tab VS Code restored from an earlier window (its
   * documents are gone: it can only show "No Changed Files"). The multi-diff editor has no typed
   * tab input: tabs are known by title.
   */
  private async closeTabs(review: Review): Promise<void> {
    const prefix = `${reviewBaseTitle(review.subject)} — `;
    const live = [...this.shown.values()].map((shown) => shown.title);
    const stale = (label: string) => REVIEW_TAB.test(label) && !live.some((title) => label === title || label.startsWith(`${title} (`));
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label.startsWith(prefix) || stale(tab.label));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  /**
   * Waits for Apply or Discard: the review's title bar, a notification beside it (full labels), the
   * status bar, or the palette. Dismissing the notification decides nothing: the title bar and the
   * status bar keep offering both. An aborted session (cancel) is a discard.
   */
  decide(review: Review, message: string, signal?: AbortSignal): Promise<boolean> {
    this.pending?.finish(false);
    return new Promise<boolean>((resolve) => {
      const finish = (apply: boolean) => {
        if (this.pending?.finish !== finish) return;
        this.pending = undefined;
        this.status.hide();
        void vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT, false);
        resolve(apply);
      };
      this.pending = { key: review.key, finish };
      if (signal?.aborted) return finish(false);
      signal?.addEventListener('abort', () => finish(false), { once: true });
      void vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT, true);
      this.status.text = `$(check) Apply: ${reviewBaseTitle(review.subject)}`;
      this.status.tooltip = `${message}\nClick to apply; "Discard the reviewed changes" in the review's title bar or the palette discards.`;
      this.status.show();
      void vscode.window.showInformationMessage(message, 'Apply', 'Discard').then((choice) => {
        if (choice === 'Apply') finish(true);
        else if (choice === 'Discard') finish(false);
      });
    });
  }

  /** True when a review waits for a decision. */
  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  /** Apply (true) or discard (false) the review that waits; false when none does. */
  resolvePending(apply: boolean): boolean {
    if (!this.pending) return false;
    this.pending.finish(apply);
    return true;
  }

  dispose(): void {
    this.pending?.finish(false);
    this.status.dispose();
  }
}
