import { Box, Text } from 'ink';
import type { ApplyLine } from '../state/wizard-state';
import { Spinner } from './Spinner';

const MARKS: Record<Exclude<ApplyLine['status'], 'running'>, { mark: string; color: string }> = {
  done: { mark: '✔', color: 'green' },
  failed: { mark: '✖', color: 'red' },
  'rolled-back': { mark: '↺', color: 'yellow' },
  skipped: { mark: '·', color: 'gray' },
};

/** One live line per write: spinner while it runs, then ✔ / ✖ / ↺ (rolled back). */
export function ApplyLines({ lines, color }: { lines: ApplyLine[]; color: boolean }) {
  return (
    <Box flexDirection="column">
      {lines.map((line) => (
        <Text key={line.id}>
          {line.status === 'running' ? <Spinner color={color} /> : <Text {...(color ? { color: MARKS[line.status].color } : {})}>{MARKS[line.status].mark}</Text>}
          {` ${line.message}`}
        </Text>
      ))}
    </Box>
  );
}
