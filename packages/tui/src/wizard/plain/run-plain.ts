import type { EffectRunner } from '../effects/effect-runner';
import { paint } from './paint';
import { choicesFor, PRINCIPAL_TRADE_OFF, textPromptFor } from '../state/choices';
import { previewLines, summaryLines } from '../state/report-lines';
import type { Line } from '../state/report-lines';
import { answerLines, awsManagedKeyText, screenQuestion, stepTitle } from '../state/screen-text';
import { wizardReducer } from '../state/wizard-reducer';
import { EXIT, initialState } from '../state/wizard-state';
import type { WizardAction, WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';

/**
 * The same wizard as line-by-line prompts (@inquirer/prompts), for screen readers and dumb
 * terminals: the same state machine and effects, one question at a time, no redrawing.
 */
export async function runPlain(options: WizardOptions, runner: EffectRunner, io: { stdout: NodeJS.WriteStream }): Promise<number> {
  const prompts = await import('@inquirer/prompts');
  const color = !options.noColor;
  const print = (line: Line | string) => io.stdout.write(`${typeof line === 'string' ? line : paintLine(line, color)}\n`);
  let state = wizardReducer(initialState(options), { type: 'start' });
  const seenLines = new Map<string, string>();
  let lastStep = '';
  let lastAnswers = 0;

  const dispatch = (action: WizardAction) => {
    if (action.type === 'question-answered') runner.answer(action.answer);
    state = wizardReducer(state, action);
    if (action.type === 'apply-progress') {
      for (const line of state.applyLines) {
        if (seenLines.get(line.id) === line.status) continue;
        seenLines.set(line.id, line.status);
        const mark = { running: '…', done: '✔', failed: '✖', 'rolled-back': '↺', skipped: '·' }[line.status];
        print({ text: `  ${mark} ${line.message}`, tone: line.status === 'done' ? 'ok' : line.status === 'running' || line.status === 'skipped' ? undefined : 'error' });
      }
      if (action.event.type !== 'step' && 'message' in action.event) print({ text: `  ${action.event.message}`, tone: 'dim' });
    }
    if (action.type === 'question-asked') void askCoreQuestion();
  };

  const askCoreQuestion = async () => {
    const question = state.question;
    if (!question) return;
    try {
      const answer = await prompts.confirm({ message: question.message, default: question.defaultAnswer });
      dispatch({ type: 'question-answered', answer });
    } catch {
      interrupt();
    }
  };

  const interrupt = () => {
    if (state.pending?.effect.kind === 'apply') {
      print({ text: 'Stopping: the current write finishes or is rolled back first…', tone: 'warning' });
      runner.abort();
    }
    dispatch({ type: 'interrupt' });
  };
  const onSigint = () => interrupt();
  process.on('SIGINT', onSigint);

  const ran = new Set<number>();
  try {
    while (state.exitCode === undefined) {
      const answers = answerLines(state);
      for (const a of answers.slice(lastAnswers)) print({ text: `✔ ${a.step}: ${a.text}`, tone: 'ok' });
      lastAnswers = answers.length;
      if (state.pending && !ran.has(state.pending.id)) {
        ran.add(state.pending.id);
        if (state.loadingLabel && state.screen === 'loading') print({ text: `${state.loadingLabel}…`, tone: 'dim' });
        if (state.pending.effect.kind === 'apply') print({ text: 'Applying', tone: 'heading' });
        if (state.pending.effect.kind === 'verify') print({ text: 'Verifying from the consumer account…', tone: 'dim' });
        await runner.run(state.pending.effect, dispatch);
        continue;
      }
      const title = stepTitle(state);
      if (title !== lastStep) {
        print('');
        print({ text: title, tone: 'heading' });
        lastStep = title;
      }
      if (state.inputError) print({ text: `✖ ${state.inputError}`, tone: 'error' });
      try {
        await ask(state, prompts, dispatch, print, color);
      } catch (error) {
        if ((error as Error | undefined)?.name === 'ExitPromptError' || (error as Error | undefined)?.name === 'AbortPromptError') interrupt();
        else throw error;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  for (const line of finalLines(state)) print(line);
  return state.exitCode ?? EXIT.failure;
}

type Prompts = typeof import('@inquirer/prompts');

async function ask(state: WizardState, prompts: Prompts, dispatch: (a: WizardAction) => void, print: (l: Line | string) => void, color: boolean): Promise<void> {
  const question = screenQuestion(state) ?? '';
  const choices = choicesFor(state);
  const text = textPromptFor(state);
  switch (state.screen) {
    case 'secret': {
      const SEARCH = -1;
      const TYPE = -2;
      const picked = await prompts.select<number>({
        message: question,
        choices: [
          ...choices.map((c, i) => ({ name: c.hint ? `${c.label}  (${c.hint})` : c.label, value: i })),
          { name: 'Search by name…', value: SEARCH },
          { name: 'Type the secret ARN or name…', value: TYPE },
        ],
        pageSize: 12,
      });
      if (picked === SEARCH) dispatch({ type: 'search-secrets', search: await prompts.input({ message: 'Name contains' }) });
      else if (picked === TYPE) dispatch({ type: 'choose-secret', secret: await prompts.input({ message: 'Secret ARN or name' }) });
      else dispatch(choices[picked]!.action);
      return;
    }
    case 'preview':
      for (const line of previewLines(state.plan!, state)) print(line);
      dispatch({ type: 'preview-continue' });
      return;
    case 'confirm': {
      const yes = await prompts.confirm({ message: question + (state.cursor === 1 ? ' (this broadens access)' : ''), default: state.cursor === 0 });
      dispatch({ type: 'confirm', yes });
      return;
    }
    case 'question':
    case 'apply':
    case 'verify':
    case 'loading':
      // Waiting on apply (a core question is asked by the dispatcher): nothing to ask here.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return;
    default:
      break;
  }
  if (state.screen === 'principal') for (const line of PRINCIPAL_TRADE_OFF) print({ text: line, tone: 'dim' });
  if (choices.length) {
    const picked = await prompts.select<number>({
      message: question,
      choices: choices.map((c, i) => ({ name: c.hint ? `${c.label}  (${c.hint})` : c.label, value: i })),
      default: state.cursor,
      pageSize: 12,
    });
    dispatch(choices[picked]!.action);
    return;
  }
  if (text) {
    const answer = await prompts.input({ message: question ? `${question}\n  ${text.label}` : text.label, default: state.input || undefined });
    dispatch(text.submit(answer));
    return;
  }
  void color;
}

function finalLines(state: WizardState): Line[] {
  switch (state.screen) {
    case 'summary':
      return [{ text: '' }, { text: state.confirmed ? (state.exitCode === 0 ? 'Done: the secret is shared.' : 'Applied, but not verified as working.') : 'Nothing to do.', tone: 'heading' }, ...summaryLines(state)];
    case 'aws-managed':
      return awsManagedKeyText(state).map((text, i) => ({ text, tone: i === 0 ? 'error' : undefined }));
    case 'error':
    case 'cancelled': {
      const lines: Line[] = [{ text: `${state.screen === 'error' ? '✖' : '■'} ${state.error?.message ?? 'Stopped.'}`, tone: state.screen === 'error' ? 'error' : 'warning' }];
      if (state.error?.fix) lines.push({ text: `  ${state.error.fix}` });
      if (state.apply?.backup) lines.push({ text: `  Backup: ${state.apply.backup}`, tone: 'dim' });
      return lines;
    }
    default:
      return [];
  }
}

function paintLine(line: Line, color: boolean): string {
  return paint(line, color);
}
