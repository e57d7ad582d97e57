// The extension's own logic, without VS Code: `vscode` and the language
// client are stand-ins that record what the extension asks of them.
'use strict';

const assert = require('node:assert');
const Module = require('node:module');
const path = require('node:path');
const test = require('node:test');

function load(settings) {
  const started = [];
  const stubs = {
    vscode: {
      workspace: {
        getConfiguration: (section) => {
          assert.strictEqual(section, 'vigil');
          return { get: (key) => settings[key] };
        },
        createFileSystemWatcher: (glob) => ({ glob }),
        onDidChangeConfiguration: (listener) => { stubs.vscode.listener = listener; return { dispose() {} }; },
      },
      window: {
        createOutputChannel: (name) => ({ name, dispose() {} }),
        showErrorMessage: (message) => { stubs.vscode.error = message; },
      },
    },
    'vscode-languageclient/node': {
      LanguageClient: class {
        constructor(id, name, server, client) {
          Object.assign(this, { id, name, server, client, stopped: false });
          started.push(this);
        }
        async start() { if (this.server.command === 'missing') throw new Error('ENOENT'); }
        async stop() { this.stopped = true; }
      },
    },
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request in stubs ? request : resolve.call(this, request, ...rest);
  };
  for (const [name, exports] of Object.entries(stubs)) {
    require.cache[name] = { id: name, filename: name, loaded: true, exports };
  }
  const file = path.join(__dirname, '..', 'extension.js');
  delete require.cache[file];
  const extension = require(file);
  Module._resolveFilename = resolve;
  return { extension, started, vscode: stubs.vscode };
}

test('starts `vigil lsp` with the extra arguments, for every file', async () => {
  const { extension, started } = load({ path: '/opt/vigil', args: ['--config', 'ci.toml'] });
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.strictEqual(started.length, 1);
  assert.deepStrictEqual(started[0].server, { command: '/opt/vigil', args: ['lsp', '--config', 'ci.toml'] });
  assert.deepStrictEqual(started[0].client.documentSelector, [{ scheme: 'file' }, { scheme: 'untitled' }]);
});

test('defaults to vigil on PATH and restarts when its settings change', async () => {
  const { extension, started, vscode } = load({});
  await extension.activate({ subscriptions: [] });
  assert.deepStrictEqual(started[0].server, { command: 'vigil', args: ['lsp'] });
  await vscode.listener({ affectsConfiguration: (key) => key === 'vigil.args' });
  assert.strictEqual(started[0].stopped, true);
  assert.strictEqual(started.length, 2);
  await vscode.listener({ affectsConfiguration: () => false });
  assert.strictEqual(started.length, 2);
});

test('says how to fix a binary that cannot start', async () => {
  const { extension, vscode } = load({ path: 'missing' });
  await extension.activate({ subscriptions: [] });
  assert.match(vscode.error, /vigil\.path/);
});
