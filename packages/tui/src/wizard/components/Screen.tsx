import { Box, Text } from 'ink';
import { choicesFor, textPromptFor } from '../state/choices';
import type { Line } from '../state/report-lines';
import { screenQuestion } from '../state/screen-text';
import type { WizardState } from '../state/wizard-state';
import { ApplyLines } from './ApplyLines';
import { LinesView } from './LinesView';
import { SelectList } from './SelectList';
import { Spinner } from './Spinner';
import { TextField } from './TextField';

export interface ScreenProps {
  state: WizardState;
  color: boolean;
  /** The screen's report lines in view (already sliced to the terminal height) and where they are. */
  report: { lines: Line[]; from: number; total: number };
}

/** Screens that show a report above their question and choices. */
const REPORT_SCREENS = new Set(['summary', 'snippets', 'shares', 'doctor', 'backups', 'error', 'aws-managed', 'confirm']);

/** The body of the current screen: renders state, nothing else. */
export function Screen({ state, color, report }: ScreenProps) {
  const question = screenQuestion(state);
  const choices = choicesFor(state);
  const text = textPromptFor(state);
  const red = color ? { color: 'red' } : {};
  const error = state.inputError ? <Text {...red}>{`✖ ${state.inputError}`}</Text> : null;
  const notice = state.notice ? <Text {...(color ? { color: 'yellow' } : {})}>{state.notice}</Text> : null;
  const position = report.total > report.lines.length ? <Text dimColor>{`lines ${report.from + 1}-${report.from + report.lines.length} of ${report.total}`}</Text> : null;

  switch (state.screen) {
    case 'loading':
      return (
        <Box flexDirection="column">
          {state.session?.notes.map((n, i) => (
            <Text key={i} dimColor>{`  ${n}`}</Text>
          ))}
          <Text>
            <Spinner color={color} /> {state.loadingLabel ?? 'Working'}…
          </Text>
        </Box>
      );
    case 'preview':
      return (
        <Box flexDirection="column">
          <LinesView lines={report.lines} color={color} />
          <Text dimColor>{`lines ${report.from + 1}-${report.from + report.lines.length} of ${report.total}`}</Text>
        </Box>
      );
    case 'apply':
    case 'question':
    case 'credentials':
      return <ApplyScreen state={state} color={color} />;
    case 'cancelled':
      return (
        <Box flexDirection="column">
          {state.session?.lines.length ? <ApplyLines lines={state.session.lines} color={color} /> : null}
          <Text {...(color ? { color: 'yellow' } : {})}>{`■ ${state.error?.message ?? 'Stopped.'}`}</Text>
          {state.error?.fix ? <Text>{`  ${state.error.fix}`}</Text> : null}
          {state.session?.outcome?.backup ? <Text dimColor>{`  Backup: ${state.session.outcome.backup}`}</Text> : null}
        </Box>
      );
    default:
      break;
  }
  if (REPORT_SCREENS.has(state.screen)) {
    const waiting = state.screen === 'confirm' && choices.length === 0 && !state.session?.outcome;
    return (
      <Box flexDirection="column">
        <LinesView lines={report.lines} color={color} />
        {position}
        {question && state.exitCode === undefined ? (
          <Box marginTop={report.lines.length ? 1 : 0}>
            <Text bold>{question}</Text>
          </Box>
        ) : null}
        {waiting ? (
          <Text>
            <Spinner color={color} /> Waiting for the session's question…
          </Text>
        ) : null}
        {choices.length && state.exitCode === undefined ? <SelectList choices={choices} cursor={state.cursor} color={color} /> : null}
        {state.exitCode !== undefined ? <Text dimColor>{`(exit code ${state.exitCode})`}</Text> : null}
      </Box>
    );
  }
  const listing = state.screen === 'secret' && state.secretList.loading && !state.inputError;
  return (
    <Box flexDirection="column">
      {notice}
      {question ? <Text bold>{question}</Text> : null}
      {text ? <TextField prompt={text} value={state.input} cursor={state.inputCursor} color={color} /> : null}
      {listing ? (
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

/** The writes: a live line each, the session's notes, and what it asks meanwhile. */
function ApplyScreen({ state, color }: { state: WizardState; color: boolean }) {
  const session = state.session;
  const choices = choicesFor(state);
  const asking = state.screen !== 'apply' && session?.asked;
  const running = session?.lines.some((l) => l.status === 'running');
  const title = session?.cancelRequested ? 'Stopping: finishing or rolling back the current write…' : (session?.approval ? `${{ share: 'Applying', revoke: 'Revoking', restore: 'Restoring' }[session.operation]}: ${session.approval.writes.length} write(s)` : 'Working');
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {session ? <ApplyLines lines={session.lines} color={color} /> : null}
      {session?.notes.map((n, i) => (
        <Text key={i} dimColor>{`  ${n}`}</Text>
      ))}
      {session && !running && !asking && !session.outcome ? (
        <Text>
          <Spinner color={color} /> {afterWrites(state) ?? session.stage ?? 'Working'}…
        </Text>
      ) : null}
      {asking ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{session.asked!.message}</Text>
          <SelectList choices={choices} cursor={state.cursor} color={color} />
        </Box>
      ) : null}
    </Box>
  );
}

/** Once every write is done the session records the share and (when it can) reads the secret as the consumer. */
function afterWrites(state: WizardState): string | undefined {
  const session = state.session;
  if (!session?.lines.length || session.lines.some((l) => l.status !== 'done' && l.status !== 'skipped')) return undefined;
  if (session.operation !== 'share') return 'Removing the share record';
  const verify = session.effect.kind === 'share' && session.effect.verify;
  return verify ? 'Recording the share on the secret, then reading it as the consumer (GetSecretValue, kms:Decrypt)' : 'Recording the share on the secret';
}
