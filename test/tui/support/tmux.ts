/**
 * Drives a program in a real terminal: a tmux server on its own socket (`tmux -L`), one pane of a
 * fixed size. Type with send-keys, read the screen with capture-pane, wait by polling the screen
 * (bounded; no fixed sleeps). The pane stays after the program exits (remain-on-exit) so its last
 * screen and exit code can be read. Always `kill()` it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TmuxOptions {
  /** Part of the socket name (unique per test). */
  name: string;
  command: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  columns?: number;
  rows?: number;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export class TmuxSession {
  readonly socket: string;
  private readonly dir: string;
  private readonly target = 'wizard:0.0';

  constructor(private readonly options: TmuxOptions) {
    this.socket = `ssw-${options.name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.dir = mkdtempSync(join(tmpdir(), 'ssw-tmux-'));
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-u', '-L', this.socket, ...args], { encoding: 'utf8', env: { ...process.env, TMUX: '', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
  }

  /** Starts the program; its exit code is printed as `[exit N]` when it ends. */
  start(): void {
    const script = join(this.dir, 'run.sh');
    // `env -i`: the program sees exactly `env`, nothing the tmux server inherited (CI, NO_COLOR, AWS_*).
    const variables = Object.entries(this.options.env)
      .filter(([name, value]) => value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      .map(([name, value]) => shellQuote(`${name}=${value}`));
    writeFileSync(
      script,
      ['#!/bin/sh', `cd ${shellQuote(this.options.cwd)}`, `env -i ${variables.join(' ')} ${this.options.command.map(shellQuote).join(' ')}`, 'echo "[exit $?]"', ''].join('\n'),
      { mode: 0o700 },
    );
    const conf = join(this.dir, 'tmux.conf');
    writeFileSync(conf, 'set -g remain-on-exit on\nset -g status off\nset -g default-terminal "tmux-256color"\n');
    this.tmux('-f', conf, 'new-session', '-d', '-s', 'wizard', '-x', String(this.options.columns ?? 160), '-y', String(this.options.rows ?? 45), `sh ${shellQuote(script)}`);
  }

  /** The visible screen as text (`escapes`: with colour escape sequences). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.target);
  }

  /** The screen plus what scrolled off its top (the whole session so far); `joined`: lines the terminal wrapped are joined back. */
  history(joined = false): string {
    return this.tmux('capture-pane', '-p', '-S', '-', ...(joined ? ['-J'] : []), '-t', this.target);
  }

  /** Types literal text. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', text);
  }

  /** Presses named keys: Enter, Down, Up, Escape, C-c, NPage, ... */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** Polls the screen until `check` passes; throws with the last screen after `timeoutMs`. */
  async waitFor(check: string | RegExp | ((screen: string) => boolean), timeoutMs = 30_000): Promise<string> {
    const test = typeof check === 'function' ? check : (s: string) => (typeof check === 'string' ? s.includes(check) : check.test(s));
    const end = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      if (test(last)) return last;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(check)}; the screen was:\n${last}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits for the program to end and returns its exit code. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  /**
   * In a select list (`❯` marks the cursor), moves the cursor to the entry whose line contains
   * `label`, then waits until it is highlighted.
   */
  async select(label: string): Promise<void> {
    // The entries of the list: `❯ label` or `  label` (a dimmed detail line under an entry is indented further).
    const entries = (s: string) => s.split('\n').filter((l) => /^(❯ | {2}\S)/.test(l));
    const screen = await this.waitFor((s) => entries(s).some((l) => l.includes(label)));
    const lines = entries(screen);
    const cursor = lines.findIndex((l) => l.startsWith('❯'));
    const target = lines.findIndex((l) => l.includes(label));
    if (cursor < 0 || target < 0) throw new Error(`no list with "${label}" on the screen:\n${screen}`);
    const steps = target - cursor;
    for (let i = 0; i < Math.abs(steps); i++) this.press(steps > 0 ? 'Down' : 'Up');
    await this.waitFor((s) => s.split('\n').some((l) => l.trimStart().startsWith('❯') && l.includes(label)));
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Pages through the wizard's preview (PgDn) to its last line; returns every screen seen. */
export async function readWholePreview(tmux: TmuxSession): Promise<string> {
  const position = (s: string) => /lines (\d+)-(\d+) of (\d+)/.exec(s);
  let screen = await tmux.waitFor((s) => position(s) !== null);
  let seen = screen;
  for (let i = 0; i < 50; i++) {
    const at = position(screen)!;
    if (at[2] === at[3]) return seen;
    tmux.press('NPage');
    // A capture taken while the UI redraws can miss the position line: wait for one that has it.
    screen = await tmux.waitFor((s) => {
      const now = position(s);
      return now !== null && now[1] !== at[1];
    });
    seen += `\n${screen}`;
  }
  throw new Error('the preview did not reach its end after 50 pages');
}
