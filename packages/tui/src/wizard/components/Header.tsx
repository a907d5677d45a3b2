import { Box, Text } from 'ink';
import { headerAnswers, stepTitle } from '../state/screen-text';
import type { WizardState } from '../state/wizard-state';

/** The title, the flow and step we are at, and the answers so far (account id and caller ARN included). */
export function Header({ state, color }: { state: WizardState; color: boolean }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        <Text bold {...(color ? { color: 'magenta' } : {})}>
          secret-share-wizard
        </Text>
        <Text dimColor>{`  ${stepTitle(state)}`}</Text>
      </Text>
      {headerAnswers(state).map((a) => (
        <Text key={a.step}>
          <Text {...(color ? { color: 'green' } : {})}>✔ </Text>
          <Text bold>{a.step.padEnd(9)}</Text>
          {a.text}
        </Text>
      ))}
    </Box>
  );
}
