/**
 * The extension's activation time as VS Code itself measures and shows it, read from the workbench.
 *
 * The extension host times every activation (`ActivationTimes`: codeLoadingTime = loading and
 * evaluating the main module, activateCallTime = the synchronous `activate()` call,
 * activateResolvedTime = until the promise `activate` returned settles) and sends the figures to
 * the workbench. Two places show them:
 * - "Developer: Show Running Extensions": `Activation: N ms` per extension, N = codeLoadingTime +
 *   activateCallTime (the figure users quote);
 * - "Developer: Startup Performance": the table "Extension Activation Stats" with the three parts
 *   (Load Code, Call Activate, Finish Activate), the activation event and whether it was eager.
 * Both are read here as a person would, through the palette, so the figures are VS Code's own.
 */
import type { Page } from 'playwright-core';
import { until } from './code-server';
import type { Workbench } from './workbench';

export const EXTENSION_ID = 'secret-share-wizard.secret-share-wizard-vscode';
export const EXTENSION_DISPLAY_NAME = 'Secret Share Wizard';

export interface HostActivationTimes {
  /** Loading + evaluating the main module (ms, the extension host's Date.now() difference). */
  codeLoadingTime: number;
  /** The synchronous part of `activate()`. */
  activateCallTime: number;
  /** From `activate()` returning until its result settled. */
  activateResolvedTime: number;
  /** The activation event, e.g. `onLanguage:json`. */
  activationEvent: string;
  /** True when activated at start-up (eager). */
  startup: boolean;
  /**
   * The other extensions VS Code activated by the same event, with their Load Code. The extension
   * host starts the Load Code clock of a whole batch at once and then loads the modules one after
   * the other, VS Code's own extensions first: for an extension loaded last, Load Code minus the
   * largest Load Code of the batch is the loading of its own module.
   */
  batch: Array<{ id: string; codeLoadingTime: number }>;
}

export interface WorkbenchActivation extends HostActivationTimes {
  /** What "Show Running Extensions" shows: `Activation: N ms`. */
  shownMs: number;
}

/** The cells of a markdown table row as Monaco renders it (spaces may be non-breaking). */
function tableCells(line: string): string[] {
  return line.replace(/\u00a0/g, ' ').split('|').map((cell) => cell.trim()).filter((cell, index, all) => !(cell === '' && (index === 0 || index === all.length - 1)));
}

/**
 * In the open "Startup Performance" document: finds `text` (the editor scrolls to it) and returns the
 * first rendered line holding it that `accept` takes. The document is filled in once the workbench
 * has settled (LifecyclePhase.Eventually): it searches again until the line is there.
 */
async function findLine(bench: Workbench, text: string, accept: (line: string) => boolean): Promise<{ line: string; visible: string[] }> {
  const { page } = bench;
  const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  const find = page.locator('.editor-group-container.active .find-widget.visible textarea, .editor-group-container.active .find-widget.visible input').first();
  return until(`the line "${text}" in Startup Performance`, 60_000, async () => {
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+f');
    await find.fill(text);
    await find.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    const visible = (await editor.locator('.view-line').allTextContents()).map((line) => line.replace(/\u00a0/g, ' '));
    const line = visible.find((l) => l.includes(text) && accept(l));
    return line === undefined ? undefined : { line, visible };
  });
}

/**
 * "Developer: Startup Performance" → the row of `extensionId` in "Extension Activation Stats".
 * Note: codeLoadingTime starts for every extension activated by one event at once, so it also
 * counts the modules of the extensions VS Code loads before this one in that batch.
 */
export async function readStartupPerformance(bench: Workbench, extensionId = EXTENSION_ID): Promise<HostActivationTimes> {
  await bench.runCommand('Developer: Startup Performance');
  const { line, visible } = await findLine(bench, `| ${extensionId}`, (l) => tableCells(l)[0] === extensionId && tableCells(l).length >= 7);
  const cells = tableCells(line);
  const number = (cell: string | undefined, what: string) => {
    const value = Number(cell);
    if (!Number.isFinite(value)) throw new Error(`Startup Performance: ${what} of ${extensionId} is ${JSON.stringify(cell)}`);
    return value;
  };
  const activationEvent = cells[5] ?? '';
  // The other extensions activated by the same event (the rows around ours: the table is short).
  const batch = visible.map(tableCells).filter((row) => row.length >= 7 && row[0] !== extensionId && row[5] === activationEvent && Number.isFinite(Number(row[2])))
    .map((row) => ({ id: row[0]!, codeLoadingTime: Number(row[2]) }));
  return {
    startup: cells[1] === 'true',
    codeLoadingTime: number(cells[2], 'Load Code'),
    activateCallTime: number(cells[3], 'Call Activate'),
    activateResolvedTime: number(cells[4], 'Finish Activate'),
    activationEvent,
    batch,
  };
}

/** "Developer: Show Running Extensions" → the `Activation: N ms` of the extension (its row is titled with the display name). */
export async function readRunningExtensions(bench: Workbench, name = EXTENSION_DISPLAY_NAME): Promise<number> {
  const { page } = bench;
  await bench.runCommand('Developer: Show Running Extensions');
  const row = runningRow(page, name);
  const text = await until(`the Running Extensions row of ${name}`, 30_000, async () => {
    const shown = (await row.locator('.activation-time').textContent().catch(() => null)) ?? '';
    return /Activation: \d+ms/.test(shown) ? shown : undefined;
  });
  return Number(/Activation: (\d+)ms/.exec(text)![1]);
}

function runningRow(page: Page, name: string) {
  return page.locator('.runtime-extensions-editor .monaco-list-row', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) }).first();
}
