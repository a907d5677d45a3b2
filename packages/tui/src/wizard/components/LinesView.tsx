import { Box, Text } from 'ink';
import type { Line } from '../state/report-lines';

const TONE_COLORS: Record<NonNullable<Line['tone']>, { color?: string; bold?: boolean; dimColor?: boolean }> = {
  add: { color: 'green' },
  remove: { color: 'red' },
  hunk: { color: 'cyan' },
  heading: { bold: true },
  error: { color: 'red' },
  warning: { color: 'yellow' },
  info: { color: 'cyan' },
  ok: { color: 'green' },
  dim: { dimColor: true },
};

/** Renders report lines; without colour only bold/dim remain (the +/- and marks carry the meaning). */
export function LinesView({ lines, color }: { lines: Line[]; color: boolean }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => {
        const style = line.tone ? TONE_COLORS[line.tone] : {};
        return (
          <Text key={i} {...(color ? style : { bold: style.bold ?? false })}>
            {line.text === '' ? ' ' : line.text}
          </Text>
        );
      })}
    </Box>
  );
}
