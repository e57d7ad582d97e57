// The vigil extension: starts `vigil lsp` (the language server built into the
// vigil binary) for every file, and restarts it when its settings change.
// Everything else (diagnostics, hover, quick fixes) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function serverOptions() {
  const settings = vscode.workspace.getConfiguration('vigil');
  const command = settings.get('path') || 'vigil';
  const extra = settings.get('args') || [];
  return { command, args: ['lsp', ...extra] };
}

async function start(context) {
  const output = vscode.window.createOutputChannel('vigil');
  client = new LanguageClient(
    'vigil',
    'vigil',
    serverOptions(),
    {
      // Secrets can be in any file, saved or not.
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: output,
      synchronize: {
        // The server also registers these itself; this covers clients that
        // ignore dynamic registration.
        fileEvents: vscode.workspace.createFileSystemWatcher(
          '**/{.vigil.toml,.vigilignore,.gitleaksignore,.gitignore,.vigil-baseline}'),
      },
    });
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `vigil: cannot start \`${serverOptions().command} lsp\` (${error.message}). ` +
      'Install vigil or set "vigil.path".');
  }
  context.subscriptions.push(output);
}

async function activate(context) {
  await start(context);
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration('vigil.path') || event.affectsConfiguration('vigil.args')) {
      if (client) await client.stop();
      await start(context);
    }
  }));
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
