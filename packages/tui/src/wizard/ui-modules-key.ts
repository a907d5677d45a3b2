/** Where cli.js registers the loader of the wizard's UI modules for the CommonJS engine (see ui-modules.ts). */
export const UI_LOADER = Symbol.for('secret-share-wizard.ui-loader');
