import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_IDS } from './command-ids';

// The handler map is built by a function that only touches `vscode` when a handler runs; the
// module is stubbed empty so it can load outside VS Code. The real registration is checked by the
// extension-host test in test/vscode/.
vi.mock('vscode', () => ({}));

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string }>> };
};

describe('commands', () => {
  it('every contributed command has a handler, and every handler is contributed', async () => {
    const { commandHandlers } = await import('./commands');
    const handlers = commandHandlers({} as never);
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    expect(Object.keys(handlers).sort()).toEqual(contributed);
    expect([...COMMAND_IDS].sort()).toEqual(contributed);
    for (const handler of Object.values(handlers)) expect(typeof handler).toBe('function');
  });

  it('menus only name contributed commands', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const items of Object.values(manifest.contributes.menus)) for (const item of items) expect(contributed).toContain(item.command);
    expect(manifest.contributes.menus['explorer/context']?.map((m) => m.command)).toContain('secretShareWizard.shareCrossAccount');
    expect(manifest.contributes.menus['editor/context']?.map((m) => m.command)).toContain('secretShareWizard.shareCrossAccount');
  });

  it('activates after start-up or on a JSON file (commands imply their own), never on "*"', () => {
    // onStartupFinished: the entry (dist/extension.js, a few KB) loads after VS Code has started and
    // outside the batch of VS Code's own JSON extensions (see packages/vscode/README.md, activation).
    expect(manifest.activationEvents).toEqual(['onStartupFinished', 'onLanguage:json']);
  });
});
