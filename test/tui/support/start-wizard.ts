import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MotoHarness } from '../../support/moto';
import { REPO } from '../cli-support';
import { TmuxSession } from './tmux';

/**
 * Runs `node <built cli.js> [args]` in a fresh tmux terminal against the test file's moto: the
 * harness's AWS config and endpoint, a private backup home, and none of CI / NO_COLOR (the pane is
 * a real terminal, as a person's would be).
 */
export function startWizard(name: string, harness: MotoHarness, cli: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): { tmux: TmuxSession; home: string } {
  const home = mkdtempSync(join(tmpdir(), 'ssw-home-'));
  const env: NodeJS.ProcessEnv = { ...harness.env, SECRET_SHARE_WIZARD_HOME: home, TERM: 'tmux-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  delete env.CI;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  Object.assign(env, extraEnv);
  const tmux = new TmuxSession({ name, command: [process.execPath, cli, ...args], env, cwd: REPO });
  tmux.start();
  return { tmux, home };
}
