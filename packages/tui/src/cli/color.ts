/**
 * A tiny colour helper (no chalk): ANSI colours only when the stream is a TTY, `NO_COLOR` is unset,
 * `TERM` is not `dumb` and `--no-color` was not given. `FORCE_COLOR` (non-zero) forces them on.
 */
export interface Colors {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export interface ColorEnvironment {
  isTTY?: boolean;
  env: Record<string, string | undefined>;
  noColorFlag?: boolean;
}

export function colorsEnabled({ isTTY, env, noColorFlag }: ColorEnvironment): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

function wrap(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001B[${open}m${text}\u001B[${close}m` : (text) => text;
}

export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    blue: wrap(enabled, 34, 39),
    cyan: wrap(enabled, 36, 39),
    dim: wrap(enabled, 2, 22),
    bold: wrap(enabled, 1, 22),
  };
}
