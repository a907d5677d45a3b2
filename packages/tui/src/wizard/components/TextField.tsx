import { Box, Text } from 'ink';
import type { TextPrompt } from '../state/choices';

/** A one-line text field: label, what was typed (or the placeholder) and a block cursor. */
export function TextField({ prompt, value, color }: { prompt: TextPrompt; value: string; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold>{prompt.label}</Text>
      <Text>
        <Text {...(color ? { color: 'cyan' } : {})}>{'› '}</Text>
        {value === '' ? <Text dimColor>{prompt.placeholder}</Text> : <Text>{value}</Text>}
        <Text inverse> </Text>
      </Text>
    </Box>
  );
}
