import { Box, Text } from 'ink';
import type { Choice } from '../state/choices';

/** A list with a cursor; only the window around the cursor is drawn. A choice's detail is a dim line under it. */
export function SelectList({ choices, cursor, color, height = 12 }: { choices: Choice[]; cursor: number; color: boolean; height?: number }) {
  const start = Math.max(0, Math.min(cursor - Math.floor(height / 2), choices.length - height));
  const shown = choices.slice(start, start + height);
  return (
    <Box flexDirection="column">
      {start > 0 && <Text dimColor>  ↑ {start} more</Text>}
      {shown.map((choice, i) => {
        const active = start + i === cursor;
        return (
          <Box key={start + i} flexDirection="column">
            <Text wrap="truncate-end" {...(color && active ? { color: 'cyan' } : {})} bold={active}>
              {active ? '❯ ' : '  '}
              {choice.label}
              {choice.hint ? <Text dimColor>{`  ${choice.hint}`}</Text> : null}
            </Text>
            {choice.detail ? <Text dimColor>{`    ${choice.detail}`}</Text> : null}
          </Box>
        );
      })}
      {start + height < choices.length && <Text dimColor>  ↓ {choices.length - start - height} more</Text>}
    </Box>
  );
}
