import * as vscode from 'vscode';

/** The extension's settings. Profiles, region and principal kind only: never secrets. */
export interface Settings {
  ownerProfile?: string;
  consumerProfile?: string;
  region?: string;
  principalKind: 'account' | 'role';
  debounceMs: number;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('secretShareWizard');
  const text = (key: string) => {
    const value = config.get<string>(key)?.trim();
    return value ? value : undefined;
  };
  const ownerProfile = text('ownerProfile');
  const consumerProfile = text('consumerProfile');
  const region = text('region');
  return {
    ...(ownerProfile ? { ownerProfile } : {}),
    ...(consumerProfile ? { consumerProfile } : {}),
    ...(region ? { region } : {}),
    principalKind: config.get<'account' | 'role'>('principalKind') === 'role' ? 'role' : 'account',
    debounceMs: Math.max(0, config.get<number>('diagnosticsDelayMs') ?? 300),
  };
}
