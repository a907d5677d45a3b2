import * as vscode from 'vscode';
import { listProfiles, type Host, type ProgressEvent, type Question, type SessionOutcome } from '@secret-share-wizard/core';
import { answered } from './errors';
import type { Log } from './output-log';
import { findingLines, simulationSentence } from './plan-text';
import { outcomeText } from './outcome-text';
import type { ReviewEditor, ReviewItem } from './review-editor';
import { approvalMessage, reviewOfChanges, reviewOfPlan, type Review, type ReviewSubject } from './review-model';
import { inVsCodeWords } from './vscode-wording';

export interface SessionUiDeps {
  log: Log;
  reviews: ReviewEditor;
}

/** A progress notification for one phase of a run (reading, then writing): cancellable, ended by `end`. */
class Phase {
  private progress: vscode.Progress<{ message?: string }> | undefined;
  private endPhase: (() => void) | undefined;
  private ended = false;

  constructor(title: string, abort: AbortController) {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      this.progress = progress;
      token.onCancellationRequested(() => abort.abort());
      return new Promise<void>((resolve) => {
        this.endPhase = resolve;
        if (this.ended) resolve();
      });
    });
  }

  report(message: string): void {
    this.progress?.report({ message });
  }

  end(): void {
    this.ended = true;
    this.endPhase?.();
  }
}

/** Labels of the progress notifications of a run. */
export interface RunTitles {
  /** Before the review: "Reading the secret and its policies". */
  reading: string;
  /** After Apply: "Sharing MY_SECRET". */
  writing: string;
}

/**
 * One session run in VS Code: the `Host` the core session asks and notifies. Progress while it
 * reads; the plan opens as one review (all documents in the multi-diff editor) with no progress
 * toast over it; the approval waits for Apply/Discard in the review; progress again while it
 * writes (Cancel aborts: nothing more is written and what was written is rolled back). When the
 * run ends, the review is shown as applied (the documents written), not applied, or closed.
 */
export class SessionUi {
  readonly abort = new AbortController();
  review: Review | undefined;
  private opened: Promise<void> | undefined;
  private items: ReviewItem[] = [];
  private phase: Phase | undefined;

  constructor(
    private readonly deps: SessionUiDeps,
    private readonly titles: RunTitles,
    /** A review subject known before the session (restore: from the backup's manifest). */
    private readonly subject?: ReviewSubject,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Runs `session` with this host; progress from the first read to the last write. */
  async run<T extends SessionOutcome>(session: (host: Host, signal: AbortSignal) => Promise<T>): Promise<T> {
    this.phase = new Phase(this.titles.reading, this.abort);
    try {
      return await session(this.host(), this.abort.signal);
    } finally {
      this.phase?.end();
      this.phase = undefined;
    }
  }

  private openReview(review: Review, blocked: boolean): void {
    this.review = review;
    this.phase?.end();
    this.phase = undefined;
    this.items = this.deps.reviews.virtualItems(review, 'proposed');
    this.opened = this.deps.reviews.show(review, blocked ? 'blocked' : 'review', this.items).then(() => undefined);
  }

  private log(event: ProgressEvent): void {
    const { log } = this.deps;
    switch (event.type) {
      case 'plan': {
        const { plan } = event;
        log.info(`Plan: ${plan.operation} ${plan.secret.arn} → ${plan.consumer.arn}: ${plan.changes.map((c) => `${c.kind} ${c.action}`).join(', ')}`);
        for (const line of findingLines(plan.findings)) log.info(inVsCodeWords(line));
        log.info(`Simulation before: ${inVsCodeWords(simulationSentence(plan.consumer.arn, plan.simulation.before))}`);
        log.info(`Simulation after: ${inVsCodeWords(simulationSentence(plan.consumer.arn, plan.simulation.after))}`);
        return;
      }
      case 'step':
        log.info(`${event.status}: ${inVsCodeWords(event.message)}`);
        return;
      case 'retry':
        log.info(`retry ${event.attempt}: ${inVsCodeWords(event.message)}`);
        return;
      case 'error':
        log.error(`${event.error.code}: ${inVsCodeWords(event.error.message)}`);
        return;
      case 'manifest-plan':
        log.info(`Manifest plan: ${event.plan.shares.length} share(s)`);
        return;
      default:
        log.info(inVsCodeWords(event.message));
    }
  }

  host(): Host {
    return {
      notify: (event) => {
        this.log(event);
        if (event.type === 'plan') {
          const review = reviewOfPlan(event.plan);
          if (review.entries.length > 0) this.openReview(review, event.plan.blocked);
          return;
        }
        const message = event.type === 'step' || event.type === 'stage' || event.type === 'info' || event.type === 'warning' || event.type === 'retry' ? event.message : undefined;
        if (message) this.phase?.report(inVsCodeWords(message));
      },
      ask: async (question) => {
        switch (question.code) {
          case 'approve-writes':
            return (await this.approve(question as Question<'approve-writes'>)) as never;
          case 'credentials':
            return (await this.credentials(question as Question<'credentials'>)) as never;
          case 'delete-policy-version': {
            const choice = await vscode.window.showWarningMessage(inVsCodeWords(question.message), { modal: true, detail: 'The deleted version is saved in the backup folder.' }, 'Delete the oldest version');
            return (choice === 'Delete the oldest version') as never;
          }
          default:
            return question.defaultAnswer;
        }
      },
    };
  }

  /** The approval: after the review is open (never before), Apply or Discard in the review. */
  private async approve(question: Question<'approve-writes'>): Promise<boolean> {
    const { payload } = question;
    if (!this.review && payload.changes && this.subject) this.openReview(reviewOfChanges(this.subject, payload.changes), false);
    if (!this.review) {
      const plan = payload.plans[0];
      if (plan) this.openReview(reviewOfPlan(plan), false);
    }
    await this.opened;
    if (!this.review || this.abort.signal.aborted) return false;
    this.deps.log.info(`Waiting for the review: ${inVsCodeWords(question.message)}`);
    const apply = await this.deps.reviews.decide(this.review, approvalMessage(this.review.subject, payload.accounts, payload.broadensAccess), this.abort.signal);
    this.deps.log.info(apply ? 'Review: Apply.' : 'Review: Discard (nothing is written).');
    if (apply) this.phase = new Phase(this.titles.writing, this.abort);
    return apply;
  }

  /** Which profile signs in to an account the session needs: a pick of the AWS config's profiles. */
  private async credentials(question: Question<'credentials'>): Promise<string | null> {
    const profiles = await listProfiles();
    const none = { label: 'None', description: question.payload.side === 'consumer' ? 'skip what needs the consumer account' : undefined, profile: null as string | null };
    const items = profiles.map((p) => ({ label: p.name, description: p.region, profile: p.name as string | null }));
    const preferred = question.defaultAnswer;
    items.sort((a, b) => Number(b.profile === preferred) - Number(a.profile === preferred));
    const account = question.payload.account ? ` ${question.payload.account}` : '';
    const picked = answered(await vscode.window.showQuickPick([...items, none], { title: `Profile for the ${question.payload.side} account${account}`, placeHolder: `To ${inVsCodeWords(question.payload.reason)}`, ignoreFocusOut: true }));
    return picked.profile;
  }

  /**
   * After the run: the review shows what happened (applied: the documents as written; failed: not
   * applied; discarded: closed), and one notification says it, with the backup folder. `actions`
   * (one at most) are offered before "Reveal backup folder" (then "Show log" when there is room);
   * the notification does not hold up the command.
   */
  async finish(outcome: SessionOutcome, actions: Record<string, () => unknown> = {}): Promise<void> {
    const review = this.review;
    if (review) {
      if (outcome.status === 'applied') {
        await this.deps.reviews.show(review, 'applied', this.deps.reviews.virtualItems(review, 'applied'), outcome.remerged.length > 0 ? `merged onto another writer's change: ${outcome.remerged.join(', ')}` : undefined);
      } else if (outcome.status === 'declined') {
        await this.deps.reviews.close(review);
      } else if (outcome.status === 'failed') {
        await this.deps.reviews.show(review, 'not-applied', this.items, outcome.results.some((r) => r.status === 'rolled-back') ? 'rolled back' : undefined);
      } else if (outcome.status === 'refused' && outcome.plan && !outcome.plan.blocked) {
        await this.deps.reviews.show(review, 'not-applied', this.items, 'nothing written');
      }
    }
    const text = outcomeText(outcome, review?.subject ?? this.subject);
    if (text.severity === 'error') this.deps.log.error(text.message);
    else this.deps.log.info(text.message);
    for (const r of outcome.results) this.deps.log.info(`  ${r.kind} ${r.target}: ${r.status}${r.message ? ` — ${inVsCodeWords(r.message)}` : ''}`);
    // Two buttons at most: a notification cuts longer rows of buttons to "Rev…" (the log is one command away).
    const all: Record<string, () => unknown> = { ...actions };
    if (text.backup) all['Reveal backup folder'] = () => revealBackup(text.backup!);
    if (Object.keys(all).length < 2) all['Show log'] = () => this.deps.log.channel.show(true);
    const show = text.severity === 'error' ? vscode.window.showErrorMessage : text.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(text.message, ...Object.keys(all)).then((choice) => choice && all[choice]?.());
  }
}

/**
 * The backup folder: in the OS file manager on a desktop; where that is not possible (a browser,
 * a remote window), its manifest.json opens in an editor.
 */
export async function revealBackup(folder: string): Promise<void> {
  const uri = vscode.Uri.file(folder);
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.joinPath(uri, 'manifest.json'), { preview: false });
}
