/**
 * A CommonJS script that loads the bundled extension (dist/extension.js) in plain Node with a
 * minimal `vscode` module and calls `activate`, printing the timings as JSON. This measures the
 * extension's own load + activation work (what VS Code's extension host would spend), not VS Code.
 */
export const ACTIVATION_SCRIPT = String.raw`
const Module = require('node:module');
const extensionPath = process.argv[2];

// Every property is another stub; calls and constructors return stubs; iteration yields nothing.
function stub(name) {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_target, property) {
      if (property === Symbol.iterator) return function* () {};
      if (property === Symbol.toPrimitive) return () => name;
      if (property === 'then') return undefined;
      if (property === 'textDocuments' || property === 'visibleTextEditors' || property === 'workspaceFolders') return [];
      if (property === 'dispose') return () => undefined;
      if (!cache.has(property)) cache.set(property, stub(name + '.' + String(property)));
      return cache.get(property);
    },
    apply() {
      return stub(name + '()');
    },
    construct() {
      return stub('new ' + name);
    },
  });
}

// The module itself is a plain object: bundlers copy its own keys (esbuild's __toESM).
const NAMES = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'l10n', 'Uri', 'Range', 'Position', 'Selection',
  'DiagnosticSeverity', 'Diagnostic', 'ProgressLocation', 'EventEmitter', 'CodeAction', 'CodeActionKind', 'CodeLens', 'WorkspaceEdit',
  'TextEdit', 'FileType', 'Disposable', 'StatusBarAlignment', 'ViewColumn', 'ThemeIcon', 'ThemeColor', 'MarkdownString',
  'ConfigurationTarget', 'QuickPickItemKind', 'TreeItem', 'TreeItemCollapsibleState', 'RelativePattern', 'CancellationTokenSource'];
const vscode = Object.fromEntries(NAMES.map((name) => [name, stub('vscode.' + name)]));
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

const memento = () => {
  const values = new Map();
  return { get: (key, fallback) => (values.has(key) ? values.get(key) : fallback), update: async (key, value) => void values.set(key, value), keys: () => [...values.keys()] };
};
const context = {
  subscriptions: [],
  workspaceState: memento(),
  globalState: Object.assign(memento(), { setKeysForSync() {} }),
  extensionPath: require('node:path').dirname(extensionPath),
  extensionUri: stub('extensionUri'),
  storageUri: undefined,
  globalStorageUri: stub('globalStorageUri'),
  logUri: stub('logUri'),
  extensionMode: 1,
  asAbsolutePath: (relative) => require('node:path').join(require('node:path').dirname(extensionPath), relative),
};

const started = performance.now();
const extension = require(extensionPath);
const loaded = performance.now();
const api = extension.activate(context);
const activated = performance.now();
// What the first use adds after activation: loading dist/features.js (the entry requires it lazily).
const featuresPath = require('node:path').join(require('node:path').dirname(extensionPath), 'features.js');
let featuresLoadMs = null;
if (require('node:fs').existsSync(featuresPath)) {
  const featuresStarted = performance.now();
  require(featuresPath);
  featuresLoadMs = performance.now() - featuresStarted;
}
process.stdout.write(JSON.stringify({
  loadMs: loaded - started,
  activateMs: activated - loaded,
  totalMs: activated - started,
  reportedMs: api && typeof api.activationMs === 'number' ? api.activationMs : null,
  featuresLoadMs,
  subscriptions: context.subscriptions.length,
}));
`;
