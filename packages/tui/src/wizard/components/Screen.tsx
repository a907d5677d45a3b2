import { Box, Text } from 'ink';
import { choicesFor, PRINCIPAL_TRADE_OFF, textPromptFor } from '../state/choices';
import { summaryStatusLines } from '../state/report-lines';
import type { Line } from '../state/report-lines';
import { awsManagedKeyText, screenQuestion } from '../state/screen-text';
import type { WizardState } from '../state/wizard-state';
import { ApplyLines } from './ApplyLines';
import { LinesView } from './LinesView';
import { SelectList } from './SelectList';
import { Spinner } from './Spinner';
import { TextField } from './TextField';

export interface ScreenProps {
  state: WizardState;
  color: boolean;
  /** The preview lines in view (already sliced to the screen height) and where they are. */
  preview: { lines: Line[]; from: number; total: number };
}

/** The body of the current screen: renders state, nothing else. */
export function Screen({ state, color, preview }: ScreenProps) {
  const question = screenQuestion(state);
  const choices = choicesFor(state);
  const text = textPromptFor(state);
  const error = state.inputError ? <Text {...(color ? { color: 'red' } : {})}>{`✖ ${state.inputError}`}</Text> : null;

  switch (state.screen) {
    case 'loading':
      return (
        <Text>
          <Spinner color={color} /> {state.loadingLabel ?? 'Working'}…
        </Text>
      );
    case 'preview':
      return (
        <Box flexDirection="column">
          <LinesView lines={preview.lines} color={color} />
          <Text dimColor>{`lines ${preview.from + 1}-${preview.from + preview.lines.length} of ${preview.total}`}</Text>
        </Box>
      );
    case 'apply':
    case 'question':
    case 'verify':
      return (
        <Box flexDirection="column">
          <Text bold>{state.cancelRequested ? 'Stopping: finishing or rolling back the current write…' : 'Applying'}</Text>
          <ApplyLines lines={state.applyLines} color={color} />
          {state.notes.map((n, i) => (
            <Text key={i} dimColor>{`  ${n}`}</Text>
          ))}
          {state.screen === 'question' && state.question ? (
            <Box flexDirection="column" marginTop={1}>
              <Text bold>{state.question.message}</Text>
              <SelectList choices={choices} cursor={state.cursor} color={color} />
            </Box>
          ) : null}
          {state.screen === 'verify' ? (
            <Text>
              <Spinner color={color} /> Verifying from the consumer account (GetSecretValue, kms:Decrypt)…
            </Text>
          ) : null}
        </Box>
      );
    case 'summary':
      return (
        <Box flexDirection="column">
          {state.applyLines.length ? <ApplyLines lines={state.applyLines} color={color} /> : null}
          <Text bold {...(color ? { color: state.exitCode === 0 ? 'green' : 'yellow' } : {})}>
            {state.confirmed ? (state.exitCode === 0 ? 'Done: the secret is shared.' : 'Applied, but not verified as working.') : 'Nothing to do.'}
          </Text>
          <LinesView lines={summaryStatusLines(state)} color={color} />
        </Box>
      );
    case 'aws-managed':
      return <LinesView lines={awsManagedKeyText(state).map((t, i) => ({ text: t, tone: i === 0 ? 'error' : i >= 4 ? 'info' : undefined }))} color={color} />;
    case 'error':
    case 'cancelled':
      return (
        <Box flexDirection="column">
          {state.applyLines.length ? <ApplyLines lines={state.applyLines} color={color} /> : null}
          <Text {...(color ? { color: state.screen === 'error' ? 'red' : 'yellow' } : {})}>{`${state.screen === 'error' ? '✖' : '■'} ${state.error?.message ?? 'Stopped.'}`}</Text>
          {state.error?.fix ? <Text>{`  ${state.error.fix}`}</Text> : null}
          {state.apply?.backup ? <Text dimColor>{`  Backup: ${state.apply.backup}`}</Text> : null}
        </Box>
      );
    default:
      return (
        <Box flexDirection="column">
          {question ? <Text bold>{question}</Text> : null}
          {state.screen === 'principal' ? (
            <Box flexDirection="column" marginBottom={1}>
              {PRINCIPAL_TRADE_OFF.map((line, i) => (
                <Text key={i} dimColor>
                  {line}
                </Text>
              ))}
            </Box>
          ) : null}
          {text ? <TextField prompt={text} value={state.input} color={color} /> : null}
          {state.screen === 'secret' && state.secretList.loading ? (
            <Text>
              <Spinner color={color} /> Listing secrets…
            </Text>
          ) : null}
          {state.screen === 'secret' && !state.secretList.loading && choices.length === 0 ? <Text dimColor>No secret matches. Type its full ARN or name.</Text> : null}
          {choices.length ? <SelectList choices={choices} cursor={state.cursor} color={color} /> : null}
          {error}
        </Box>
      );
  }
}
