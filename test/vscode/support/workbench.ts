/** What a person does in the workbench, as Playwright steps (selectors from the recipe). */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './code-server';

export class Workbench {
  private step = 0;

  constructor(readonly page: Page, private readonly artifactDir: string) {
    rmSync(join(ARTIFACTS, artifactDir), { recursive: true, force: true });
    mkdirSync(join(ARTIFACTS, artifactDir), { recursive: true });
  }

  /** A screenshot of this step under test/artifacts/vscode/<suite>/NN-name.png. */
  async shot(name: string): Promise<void> {
    this.step += 1;
    await this.page.screenshot({ path: join(ARTIFACTS, this.artifactDir, `${String(this.step).padStart(2, '0')}-${name}.png`) });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  }

  explorerRow(name: string): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  }

  /** Clicks a context-menu item once it is visible and stable (menus ignore clicks while fading in). */
  async menuItem(label: string): Promise<void> {
    const item = this.page.locator('.monaco-menu .action-item', { hasText: label }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await item.hover();
    await this.page.waitForFunction((el) => getComputedStyle(el as Element).opacity === '1', await item.elementHandle(), { timeout: 5_000 }).catch(() => undefined);
    await item.click();
  }

  /** Answers the quick input whose title contains `title`: types `text` (replacing any value) and presses Enter. */
  async answer(title: string | RegExp, text: string, options: { pickRow?: string } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
    const input = widget.locator('.quick-input-box input');
    await input.fill(text);
    if (options.pickRow) await widget.locator('.quick-input-list .monaco-list-row', { hasText: options.pickRow }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The input validates as you type and ignores Enter while a stale validation message shows:
    // press Enter until this prompt goes away.
    const titled = widget.locator('.quick-input-title', { hasText: title });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await input.press('Enter');
      const gone = await titled.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false);
      if (gone) return;
    }
    throw new Error(`the prompt "${title}" did not accept ${JSON.stringify(text)}`);
  }

  /** The tab whose title contains `text` (the review's tab: "Share X with Y — review"). */
  tab(text: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: text }).first();
  }

  /**
   * Starts watching, inside the page, for the review tab (title containing `reviewTitle`) and for
   * ANY approval UI: a modal dialog, a notification with an "Apply" button, the Apply action in an
   * editor title or the status bar. `approvalSeen()` then says which came first (polled in the page
   * every 25 ms from now on, so a UI shown for an instant is caught too).
   */
  async watchApproval(reviewTitle: string): Promise<() => Promise<{ reviewAt: number | null; approvalAt: number | null; approval: string | null }>> {
    await this.page.evaluate((title) => {
      const w = window as unknown as { __sswWatch?: { reviewAt: number | null; approvalAt: number | null; approval: string | null; timer: number } };
      if (w.__sswWatch) clearInterval(w.__sswWatch.timer);
      const state = { reviewAt: null as number | null, approvalAt: null as number | null, approval: null as string | null, timer: 0 };
      const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
      const approvalUi = (): string | null => {
        const dialog = document.querySelector('.monaco-dialog-box');
        if (dialog && visible(dialog)) return `modal: ${dialog.textContent?.slice(0, 200)}`;
        for (const toast of Array.from(document.querySelectorAll('.notifications-toasts .notification-toast'))) {
          const buttons = Array.from(toast.querySelectorAll('.monaco-button')).map((b) => b.textContent?.trim());
          if (buttons.includes('Apply') && visible(toast)) return `notification: ${toast.textContent?.slice(0, 200)}`;
        }
        for (const action of Array.from(document.querySelectorAll('.editor-actions .action-label, .statusbar-item'))) {
          const label = `${action.getAttribute('aria-label') ?? ''} ${action.textContent ?? ''}`;
          if (/Apply the reviewed changes|Apply: /.test(label) && visible(action)) return `action: ${label.trim().slice(0, 200)}`;
        }
        return null;
      };
      state.timer = window.setInterval(() => {
        const now = performance.now();
        if (state.reviewAt === null && Array.from(document.querySelectorAll('.tabs-container .tab')).some((tab) => tab.textContent?.includes(title))) state.reviewAt = now;
        if (state.approvalAt === null) {
          const seen = approvalUi();
          if (seen) {
            state.approvalAt = now;
            state.approval = seen;
          }
        }
      }, 25);
      w.__sswWatch = state;
    }, reviewTitle);
    return async () =>
      this.page.evaluate(() => {
        const state = (window as unknown as { __sswWatch: { reviewAt: number | null; approvalAt: number | null; approval: string | null } }).__sswWatch;
        return { reviewAt: state.reviewAt, approvalAt: state.approvalAt, approval: state.approval };
      });
  }

  /**
   * Brings one entry of the multi-diff editor into view (scrolling the review) and waits until its
   * right side shows `expected`: that diff has been opened and seen.
   */
  async openReviewEntry(label: string, expected: string | RegExp): Promise<Locator> {
    const editor = this.page.locator('.editor-group-container.active .multiDiffEditor, .editor-group-container.active .monaco-multi-diff-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    const entry = this.page.locator('.multiDiffEntry', { has: this.page.locator('.header', { hasText: label }) }).first();
    const deadline = Date.now() + 60_000;
    const box = await editor.boundingBox();
    // Back to the top, then down until the entry is there (the editor renders only what is in view).
    if (box) {
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 20 && !(await entry.isVisible()); i += 1) await this.page.mouse.wheel(0, -2000);
    }
    while (!(await entry.isVisible())) {
      if (Date.now() > deadline) throw new Error(`the review has no entry "${label}"`);
      await this.page.mouse.wheel(0, 250);
      await entry.waitFor({ state: 'visible', timeout: 500 }).catch(() => undefined);
    }
    await entry.locator('.header').scrollIntoViewIfNeeded();
    if (await entry.locator('.editorContainer').isHidden()) await entry.locator('.collapse-button').click();
    // The change may be lower in the entry than the window shows: scroll down through it until seen.
    const change = entry.locator('.modified-in-monaco-diff-editor .view-lines, .editor.modified .view-lines', { hasText: expected }).first();
    for (let step = 0; step < 40; step += 1) {
      if (await change.waitFor({ state: 'visible', timeout: step === 0 ? 10_000 : 1_000 }).then(() => true, () => false)) return entry;
      await this.page.mouse.wheel(0, 200);
    }
    await change.waitFor({ state: 'visible', timeout: 10_000 });
    return entry;
  }

  /** Clicks an action of the active editor's title bar by its label. */
  async editorAction(label: string): Promise<void> {
    const action = this.page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${label}"]`).first();
    await action.waitFor({ state: 'visible', timeout: 30_000 });
    await action.click();
  }

  /** Fails when a button of the toast shows its label cut ("Rev…"): every label fits its button. */
  async expectButtonsUncut(toast: Locator): Promise<void> {
    const cut = await toast.locator('.monaco-button').evaluateAll((buttons) =>
      buttons.filter((b) => b.scrollWidth > b.clientWidth + 1 || Array.from(b.querySelectorAll('*')).some((c) => (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1)).map((b) => b.textContent),
    );
    if (cut.length > 0) throw new Error(`notification buttons cut short: ${cut.join(', ')}`);
  }

  /** The message of a notification toast (without its source and buttons). */
  async toastMessage(toast: Locator): Promise<string> {
    return (await toast.locator('.notification-list-item-message').first().textContent()) ?? '';
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  async clearNotifications(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Runs a command from the palette (F1) by its title (retrying while the workbench still registers extensions). */
  async runCommand(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      if (await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
        await input.press('Enter');
        return;
      }
      await this.page.keyboard.press('Escape');
    }
    await this.shot('palette-failed');
    throw new Error(`the command "${title}" is not in the palette`);
  }
}
