import { Box, useApp, useStdout } from 'ink';
import { useEffect, useMemo } from 'react';
import type { EffectRunner } from '../effects/effect-runner';
import { useWizard } from '../hooks/use-wizard';
import { useWizardKeys } from '../hooks/use-wizard-keys';
import { choicesFor } from '../state/choices';
import { wrapLines } from '../state/report-lines';
import { headerAnswers } from '../state/screen-text';
import { screenLines } from '../state/screen-lines';
import type { WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';
import { Footer } from './Footer';
import { Header } from './Header';
import { Screen } from './Screen';

export interface WizardAppProps {
  options: WizardOptions;
  runner: EffectRunner;
  /** Called once with the exit code and the final state when the user leaves (the root of the CLI exits). */
  onExit: (code: number, state: WizardState) => void;
  initial?: WizardState;
}

/** The root: state + keys + the one exit. */
export function WizardApp({ options, runner, onExit, initial }: WizardAppProps) {
  const { state, dispatch, latest } = useWizard(options, runner, initial);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const rows = stdout.rows || 24;
  const columns = stdout.columns || 80;
  const color = !options.noColor;

  const allLines = useMemo(() => wrapLines(screenLines(state), columns - 1), [state, columns]);
  // Rows left for the report: minus the title, the answers (as wrapped), the choices, the position line, the footer.
  const headerRows = 2 + headerAnswers(state).reduce((n, a) => n + Math.ceil((a.text.length + 11) / columns), 0);
  const choices = choicesFor(state);
  const choiceRows = state.screen === 'preview' ? 0 : Math.min(12, choices.length) + choices.filter((c) => c.detail).length + (choices.length ? 2 : 0);
  const pageSize = Math.max(5, rows - headerRows - choiceRows - 3);
  const scrollMax = Math.max(0, allLines.length - pageSize);
  useWizardKeys(latest, dispatch, { pageSize, scrollMax });

  useEffect(() => {
    if (state.exitCode === undefined) return;
    onExit(state.exitCode, state);
    // Let Ink draw the last frame, then unmount.
    const timer = setTimeout(() => exit(), 0);
    return () => clearTimeout(timer);
  }, [state.exitCode, exit, onExit]);

  const from = Math.min(state.scroll, scrollMax);
  return (
    <Box flexDirection="column">
      <Header state={state} color={color} />
      <Screen state={state} color={color} report={{ lines: allLines.slice(from, from + pageSize), from, total: allLines.length }} />
      <Footer state={state} scrolls={allLines.length > pageSize} />
    </Box>
  );
}
