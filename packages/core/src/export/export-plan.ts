import type { Plan } from '../plan/plan-types';
import { exportCdk } from './export-cdk';
import { exportCli } from './export-cli';
import { exportCloudFormation } from './export-cloudformation';
import { exportModel } from './export-model';
import { exportTerraform } from './export-terraform';
import type { ExportFormat, ExportOptions, ExportResult } from './export-types';

/**
 * What the user would commit instead of applying the plan, as files (pure: no AWS call, no disk).
 * Throws a WizardError for a plan that cannot be exported (see `exportModel`).
 */
export function exportPlan(plan: Plan, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  const model = exportModel(plan, format);
  switch (format) {
    case 'cli':
      return exportCli(model, options);
    case 'terraform':
      return exportTerraform(model, options);
    case 'cloudformation':
      return exportCloudFormation(model);
    case 'cdk':
      return exportCdk(model);
  }
}
