import type { EffectRunner } from '../effects/effect-runner';
import { paint } from './paint';
import { choicesFor, textPromptFor } from '../state/choices';
import type { Choice } from '../state/choices';
import { afterExitLines, allSnippetLines, applyLineText } from '../state/report-lines';
import type { Line } from '../state/report-lines';
import { runnerCommands } from '../state/runner-commands';
import { screenLines } from '../state/screen-lines';
import { answerLines, screenQuestion, stepTitle } from '../state/screen-text';
import { wizardReducer } from '../state/wizard-reducer';
import { EXIT, initialState } from '../state/wizard-state';
import type { WizardAction, WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';

type Prompts = typeof import('@inquirer/prompts');
type Print = (line: Line | string) => void;

/**
 * The same wizard as line-by-line prompts (@inquirer/prompts), for screen readers and dumb
 * terminals: the same state machine, the same effects and sessions, one question at a time, no
 * redrawing. Progress is printed as it happens; a prompt is shown only when the state asks one.
 */
export async function runPlain(options: WizardOptions, runner: EffectRunner, io: { stdout: NodeJS.WriteStream }): Promise<number> {
  const prompts = await import('@inquirer/prompts');
  const color = !options.noColor;
  const print: Print = (line) => io.stdout.write(`${typeof line === 'string' ? line : paint(line, color)}\n`);
  let state = wizardReducer(initialState(options), { type: 'start' });
  let wake: (() => void) | undefined;

  const dispatch = (action: WizardAction) => {
    const before = state;
    const next = wizardReducer(before, action);
    if (next === before) return;
    state = next;
    for (const command of runnerCommands(before, next)) {
      if (command.kind === 'answer') runner.answer(command.value);
      else runner.abort();
    }
    printProgress(before, next, print);
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const changed = () => new Promise<void>((resolve) => (wake = resolve));
  const onSigint = () => dispatch({ type: 'interrupt' });
  process.on('SIGINT', onSigint);

  const started = new Set<number>();
  const header = { answers: 0, title: '' };
  let shownScreen = '';
  try {
    while (state.exitCode === undefined) {
      printHeader(state, header, print);
      const pending = state.pending;
      if (pending && !started.has(pending.id)) {
        started.add(pending.id);
        if (state.loadingLabel && state.screen === 'loading') print({ text: `${state.loadingLabel}…`, tone: 'dim' });
        void runner.run(pending, dispatch);
        continue;
      }
      if (!asksNow(state)) {
        await changed();
        continue;
      }
      // A report (the review, the approval, the summary…) is printed once per screen.
      const screenKey = `${state.screen}:${state.session?.id ?? ''}:${state.session?.asked?.code ?? ''}:${state.scroll}:${state.verify?.message ?? ''}`;
      if (screenKey !== shownScreen) {
        shownScreen = screenKey;
        for (const line of state.screen === 'snippets' ? allSnippetLines(state) : screenLines(state)) print(line);
      }
      if (state.notice) print({ text: state.notice, tone: 'warning' });
      if (state.inputError) print({ text: `✖ ${state.inputError}`, tone: 'error' });
      try {
        await ask(state, prompts, dispatch);
      } catch (error) {
        const name = (error as Error | undefined)?.name;
        if (name === 'ExitPromptError' || name === 'AbortPromptError') dispatch({ type: 'interrupt' });
        else throw error;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (state.screen === 'cancelled' && state.error) print({ text: `■ ${state.error.message}`, tone: 'warning' });
  for (const line of afterExitLines(state)) print(line);
  return state.exitCode ?? EXIT.failure;
}

/** Whether the current screen asks the user something now (else the loop waits for the next change). */
function asksNow(state: WizardState): boolean {
  switch (state.screen) {
    case 'loading':
    case 'apply':
    case 'cancelled':
      return false;
    case 'secret':
      return !state.secretList.loading;
    case 'preview':
      return Boolean(state.session?.plan);
    case 'confirm':
      return state.session?.asked?.code === 'approve-writes' || Boolean(state.session?.outcome);
    case 'question':
    case 'credentials':
      return Boolean(state.session?.asked);
    default:
      return true;
  }
}

function printHeader(state: WizardState, header: { answers: number; title: string }, print: Print): void {
  const answers = answerLines(state);
  for (const a of answers.slice(header.answers)) print({ text: `✔ ${a.step}: ${a.text}`, tone: 'ok' });
  header.answers = answers.length;
  const title = stepTitle(state);
  if (title !== header.title && state.flow) {
    print('');
    print({ text: title, tone: 'heading' });
  }
  header.title = title;
}

/** The session's progress as it happens: a line per write status, its notes and stages. */
function printProgress(before: WizardState, after: WizardState, print: Print): void {
  const was = before.session;
  const now = after.session;
  if (!now) return;
  const same = was?.id === now.id;
  for (const line of now.lines) {
    const old = same ? was!.lines.find((l) => l.id === line.id) : undefined;
    if (old?.status !== line.status) print({ ...applyLineText(line), text: `  ${applyLineText(line).text}` });
  }
  for (const note of now.notes.slice(same ? was!.notes.length : 0)) print({ text: `  ${note}`, tone: 'dim' });
  if (now.stage && (!same || was!.stage !== now.stage)) print({ text: `» ${now.stage}`, tone: 'dim' });
}

async function ask(state: WizardState, prompts: Prompts, dispatch: (a: WizardAction) => void): Promise<void> {
  const question = screenQuestion(state) ?? '';
  const choices = choicesFor(state);
  const text = textPromptFor(state);
  switch (state.screen) {
    case 'secret': {
      const SEARCH = -1;
      const TYPE = -2;
      const picked = await prompts.select<number>({
        message: question,
        choices: [...choices.map((c, i) => ({ name: choiceName(c), value: i })), { name: 'Search by name…', value: SEARCH }, { name: 'Type the secret ARN or name…', value: TYPE }],
        pageSize: 12,
      });
      if (picked === SEARCH) dispatch({ type: 'search-secrets', search: await prompts.input({ message: 'Name contains' }) });
      else if (picked === TYPE) dispatch({ type: 'choose-secret', secret: await prompts.input({ message: 'Secret ARN or name' }) });
      else dispatch(choices[picked]!.action);
      return;
    }
    case 'preview':
      dispatch({ type: 'preview-continue' });
      return;
    case 'snippets':
      dispatch({ type: 'back' });
      return;
    case 'confirm': {
      if (choices.length === 0) {
        dispatch({ type: 'back' });
        return;
      }
      const broadens = state.session?.approval?.broadensAccess ?? false;
      const yes = await prompts.confirm({ message: `${state.session?.asked?.message ?? 'Apply?'}${broadens ? ' (this broadens access)' : ''}`, default: !broadens });
      dispatch({ type: 'confirm', yes });
      return;
    }
    case 'question': {
      const yes = await prompts.confirm({ message: question, default: state.session?.asked?.defaultAnswer === true });
      dispatch({ type: 'question-answered', answer: yes });
      return;
    }
    default:
      break;
  }
  if (choices.length) {
    const picked = await prompts.select<number>({ message: question || 'Choose', choices: choices.map((c, i) => ({ name: choiceName(c), value: i })), default: state.cursor, pageSize: 12 });
    dispatch(choices[picked]!.action);
    return;
  }
  if (text) {
    const answer = await prompts.input({ message: question ? `${question}\n  ${text.label}` : text.label, default: state.input || undefined });
    dispatch(text.submit(answer));
  }
}

function choiceName(choice: Choice): string {
  const hint = choice.hint ? `  (${choice.hint})` : '';
  return choice.detail ? `${choice.label}${hint}\n      ${choice.detail}` : `${choice.label}${hint}`;
}
