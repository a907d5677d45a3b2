import * as vscode from 'vscode';

/** The extension's log (an output channel). Never receives secret values. */
export interface Log {
  channel: vscode.OutputChannel;
  info(message: string): void;
  error(message: string): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Secret Share Wizard');
  const stamp = () => new Date().toISOString().slice(11, 19);
  return {
    channel,
    info: (message) => channel.appendLine(`[${stamp()}] ${message}`),
    error: (message) => channel.appendLine(`[${stamp()}] ERROR ${message}`),
  };
}
