/**
 * The engine: every command, the core and the AWS SDK. The build bundles it as one CommonJS file,
 * dist/engine.cjs, which cli.js loads with V8's code cache (engine/load-engine.ts): Node 20 has no
 * compile cache for ES modules, and compiling the engine was a fifth of the time of a share.
 * The wizard's Ink UI and the prompt library are ES modules only (top-level await); the engine
 * reaches them through wizard/ui-modules.ts, which the build points at dist/ui/.
 */
export { main } from './cli/main';
export { EXIT } from './cli/exit-codes';
