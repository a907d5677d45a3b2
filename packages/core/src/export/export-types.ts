/** What `plan --export` can write instead of applying. */
export const EXPORT_FORMATS = ['cli', 'terraform', 'cloudformation', 'cdk'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** The owner account's profile the plan was made with (the script's default; Terraform's variable default). */
  ownerProfile?: string;
  /** The consumer account's profile the plan was made with. */
  consumerProfile?: string;
}

export interface ExportFile {
  /** Relative path inside the export folder, `/`-separated. */
  path: string;
  content: string;
  /** A script to run (mode 0755). */
  executable?: boolean;
  /** One line: what the file is and who runs it. */
  description: string;
  /** For the consumer account's administrator (the identity policy apply does not write). */
  forAdministrator?: boolean;
}

export interface ExportResult {
  format: ExportFormat;
  files: ExportFile[];
  /** What the user must know (the key policy lives in the key's own stack, an existing policy to import, ...). */
  notes: string[];
}
