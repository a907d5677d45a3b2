import { Box, useApp, useStdout } from 'ink';
import { useEffect, useMemo } from 'react';
import type { EffectRunner } from '../effects/effect-runner';
import { useWizard } from '../hooks/use-wizard';
import { useWizardKeys } from '../hooks/use-wizard-keys';
import { previewLines, wrapLines } from '../state/report-lines';
import { answerLines } from '../state/screen-text';
import type { WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';
import { Footer } from './Footer';
import { Header } from './Header';
import { Screen } from './Screen';

export interface WizardAppProps {
  options: WizardOptions;
  runner: EffectRunner;
  /** Called once with the exit code and the final state when the wizard is over (the root of the CLI exits). */
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

  const allPreview = useMemo(() => (state.plan ? wrapLines(previewLines(state.plan, state), columns - 1) : []), [state.plan, state.consumerProfile, state.options, columns]);
  // Rows left for the preview: minus the title, the answers (as wrapped), the position line, the footer.
  const headerRows = 2 + answerLines(state).reduce((n, a) => n + Math.ceil((a.text.length + 11) / columns), 0);
  const pageSize = Math.max(5, rows - headerRows - 3);
  const scrollMax = Math.max(0, allPreview.length - pageSize);
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
      <Screen state={state} color={color} preview={{ lines: allPreview.slice(from, from + pageSize), from, total: allPreview.length }} />
      <Footer state={state} />
    </Box>
  );
}
