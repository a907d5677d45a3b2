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
  async answer(title: string, text: string, options: { pickRow?: string } = {}): Promise<void> {
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
