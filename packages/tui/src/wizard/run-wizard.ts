import { createCorePort } from './effects/core-port';
import { createEffectRunner } from './effects/effect-runner';
import type { EffectRunner } from './effects/effect-runner';
import { EXIT } from './state/wizard-state';
import type { WizardOptions } from './wizard-options';
import { loadInkUi, loadPlainUi } from './ui-modules';

export type { WizardOptions } from './wizard-options';

/**
 * The interactive wizard: the full-screen Ink UI, or line-by-line prompts with `plain`. Returns the
 * exit code when the user leaves: the code of the last operation (0 done, 1 failed and rolled back,
 * 2 nothing written, 3 verify denied, 4 rollback incomplete) or 130 for Ctrl+C; the caller owns
 * process.exit. Never prompts without a TTY or with CI set.
 */
export async function runWizard(options: WizardOptions, io: { env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadStream; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {}): Promise<number> {
  const env = io.env ?? process.env;
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const refusal = notInteractiveReason(env, Boolean(stdin.isTTY), Boolean(stdout.isTTY));
  if (refusal) {
    stderr.write(`secret-share-wizard: ${refusal}\n`);
    return EXIT.invalid;
  }
  // The SDK's Node-version notice would be printed into the middle of the full-screen UI.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const noColor = options.noColor || Boolean(env.NO_COLOR);
  const resolved = { ...options, noColor };
  const runner = createEffectRunner(createCorePort(env));
  try {
    if (resolved.plain) {
      const { runPlain } = await loadPlainUi();
      return await runPlain(resolved, runner, { stdout });
    }
    return await runInk(resolved, runner, stdin, stdout);
  } finally {
    runner.close();
  }
}

/** Why no prompt may be shown here (and which flags to pass instead), or undefined. */
export function notInteractiveReason(env: NodeJS.ProcessEnv, stdinTty: boolean, stdoutTty: boolean): string | undefined {
  const instead =
    'Pass every answer as flags instead: secret-share-wizard plan --secret <ARN|name> --consumer <ACCOUNT_ID|ARN> [--consumer-role <name>] [--profile P] [--consumer-profile Q] [--region R], then apply with the same flags and --yes.';
  if (env.CI) return `the wizard never prompts when CI is set. ${instead}`;
  if (!stdinTty || !stdoutTty) return `the wizard needs an interactive terminal (stdin and stdout must be a TTY). ${instead}`;
  return undefined;
}

async function runInk(options: WizardOptions, runner: EffectRunner, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): Promise<number> {
  // Ink and React load only here (not for --plain, not for the other commands).
  const { renderWizard } = await loadInkUi();
  return renderWizard(options, runner, stdin, stdout);
}
