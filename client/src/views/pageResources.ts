// What every webview page of the extension is drawn with (step card, practice progress, import
// review, Landing Report): its CSP source, a fresh nonce for the one script it may run, the shared
// script and style from media/, and the extension's own language (walkthroughs.language), so that
// every page follows the same setting. `pageOptions` is the one place that decides what such a
// page may do: run its own script, never command links, load only from media/.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { uiLanguage } from '../l10n';

export interface PageResources {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  lang: string;
}

export function pageResources(webview: vscode.Webview, media: vscode.Uri): PageResources {
  return {
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'stepCard.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'stepCard.css')).toString(),
    lang: uiLanguage(),
  };
}

export function pageOptions(media: vscode.Uri, options: { retainContextWhenHidden?: boolean } = {}): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [media], ...options };
}
