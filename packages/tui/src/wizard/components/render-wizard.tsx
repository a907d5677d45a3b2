import { render } from 'ink';
import type { EffectRunner } from '../effects/effect-runner';
import { paint } from '../plain/paint';
import { afterExitLines } from '../state/report-lines';
import { EXIT } from '../state/wizard-state';
import type { WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';
import { WizardApp } from './WizardApp';

/** Mounts the Ink wizard (Ctrl+C is the wizard's own key, not Ink's) and resolves with its exit code. */
export async function renderWizard(options: WizardOptions, runner: EffectRunner, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): Promise<number> {
  let code: number = EXIT.failure;
  let last: WizardState | undefined;
  const onExit = (c: number, state: WizardState) => {
    code = c;
    last = state;
  };
  const app = render(<WizardApp options={options} runner={runner} onExit={onExit} />, { exitOnCtrlC: false, stdin, stdout, patchConsole: false });
  await app.waitUntilExit();
  // After the UI: plain lines the terminal wraps itself, so the command, the policy and the snippets copy cleanly.
  if (last) for (const line of afterExitLines(last)) stdout.write(`${paint(line, !options.noColor)}\n`);
  return code;
}
