import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's log, created on first use so activation does not pay for it. */
export function log(): vscode.LogOutputChannel {
  return (channel ??= vscode.window.createOutputChannel('Engineering Notes', { log: true }));
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
