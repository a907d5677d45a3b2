/**
 * The wizard's two faces, loaded on demand: the full-screen Ink UI and the line-by-line prompts
 * (@inquirer/prompts). Both are ES modules only (Ink and yoga-layout use top-level await), so the CLI
 * bundle keeps them out of the CommonJS engine: there the build replaces this module with one that
 * imports dist/ui/render-wizard.js and dist/ui/run-plain.js through the loader cli.js registers
 * (UI_LOADER, ui-modules-key.ts). Run from source (tests), these are plain dynamic imports.
 */
export const loadInkUi = (): Promise<typeof import('./components/render-wizard')> => import('./components/render-wizard');
export const loadPlainUi = (): Promise<typeof import('./plain/run-plain')> => import('./plain/run-plain');
