/** One completed write and how to take it back. Rollback runs a change's undos in reverse order. */
export interface Undo {
  description: string;
  run(): Promise<void>;
}

export type UndoJournal = Undo[];

/** Hooks a writer uses when a write must remove something on the way (saved to the backup first). */
export interface WriteHooks {
  /** Asks before deleting the oldest managed-policy version (5 is the limit). */
  confirmDeleteVersion(policyArn: string, versionId: string): Promise<boolean>;
  /** Saves a document the write removes, into the backup folder. */
  saveRemoved(suffix: string, document: unknown, description: string): Promise<void>;
}
