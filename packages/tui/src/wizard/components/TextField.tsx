import { Box, Text } from 'ink';
import type { TextPrompt } from '../state/choices';

/** A one-line text field: label, what was typed (or the placeholder) with a block cursor where the next key goes. */
export function TextField({ prompt, value, cursor, color }: { prompt: TextPrompt; value: string; cursor: number; color: boolean }) {
  const at = Math.min(Math.max(0, cursor), value.length);
  return (
    <Box flexDirection="column">
      <Text bold>{prompt.label}</Text>
      <Text>
        <Text {...(color ? { color: 'cyan' } : {})}>{'› '}</Text>
        {value === '' ? (
          <>
            <Text inverse> </Text>
            <Text dimColor>{prompt.placeholder}</Text>
          </>
        ) : (
          <>
            {value.slice(0, at)}
            <Text inverse>{value[at] ?? ' '}</Text>
            {value.slice(at + 1)}
          </>
        )}
      </Text>
    </Box>
  );
}
