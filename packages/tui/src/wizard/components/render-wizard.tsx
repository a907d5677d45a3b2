import { render } from 'ink';
import type { EffectRunner } from '../effects/effect-runner';
import { EXIT } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';
import { WizardApp } from './WizardApp';

/** Mounts the Ink wizard (Ctrl+C is the wizard's own key, not Ink's) and resolves with its exit code. */
export async function renderWizard(options: WizardOptions, runner: EffectRunner, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): Promise<number> {
  let code: number = EXIT.failure;
  const app = render(<WizardApp options={options} runner={runner} onExit={(c) => (code = c)} />, { exitOnCtrlC: false, stdin, stdout, patchConsole: false });
  await app.waitUntilExit();
  return code;
}
