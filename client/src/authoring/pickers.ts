// The quick picks of the add-step flow: which walkthrough (most recent first, or a new one with a
// file name and a memo), which memo section, which declaration when no code is selected.
import * as vscode from 'vscode';
import { DeclarationsRequest, MemoSectionsRequest, type CodeSelection, type WalkthroughSummary } from '../../../common/src/protocol';
import type { WalkthroughClient } from '../languageClient';
import { sameUri } from '../uris';
import { pickWalkthrough } from '../views/pickWalkthrough';
import { S } from './strings';

const RECENT_KEY = 'walkthroughs.authoring.recent';

/** A walkthrough to create: its file, title and memo. */
export interface NewWalkthrough {
  uri: string;
  title: string;
  memoUri?: string;
}

export type SectionPick = { kind: 'section'; reference: string } | { kind: 'inline' } | { kind: 'none' };

/** The walkthroughs steps were last added to, most recent first (per workspace). */
export class RecentWalkthroughs {
  constructor(private readonly state: vscode.Memento) {}

  get ids(): string[] {
    return this.state.get<string[]>(RECENT_KEY, []);
  }

  async remember(id: string): Promise<void> {
    await this.state.update(RECENT_KEY, [id, ...this.ids.filter((r) => r !== id)].slice(0, 20));
  }
}

export class AuthoringPickers {
  constructor(
    private readonly server: WalkthroughClient,
    readonly recent: RecentWalkthroughs,
  ) {}

  /** Most recent first, then the primary, then the rest; or a new walkthrough. */
  async walkthrough(walkthroughs: readonly WalkthroughSummary[], location: CodeSelection, memoUri?: string): Promise<{ id: string } | NewWalkthrough | undefined> {
    const recent = this.recent.ids;
    const rank = (w: WalkthroughSummary) => {
      const r = recent.indexOf(w.id);
      return r >= 0 ? r : recent.length + (w.primary ? 0 : 1);
    };
    const byRecency = [...walkthroughs].sort((a, b) => rank(a) - rank(b));
    const picked = await pickWalkthrough(byRecency, {
      title: S.pickWalkthroughTitle,
      placeHolder: S.pickWalkthroughPlaceholder,
      describe: (w) => [recent.includes(w.id) ? S.recent : '', w.primary ? S.primary : '', S.steps(w.steps.length)].filter(Boolean).join(' · '),
      detail: (w) => vscode.workspace.asRelativePath(vscode.Uri.parse(w.uri), true),
      extra: { label: S.newWalkthrough, iconPath: new vscode.ThemeIcon('add'), detail: S.newWalkthroughDetail },
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked !== 'extra') return { id: picked.id };
    return this.newWalkthrough(location, byRecency, memoUri);
  }

  private async newWalkthrough(location: CodeSelection, byRecency: WalkthroughSummary[], memoUri?: string): Promise<NewWalkthrough | undefined> {
    const title = await vscode.window.showInputBox({ title: S.newWalkthrough, prompt: S.newTitlePrompt, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : S.newTitleRequired) });
    if (!title) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(location.uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showErrorMessage(S.notInWorkspace);
      return undefined;
    }
    // Next to the most recent walkthrough of that folder, else at the folder's top.
    const sibling = byRecency.find((w) => {
      const theirs = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(w.uri));
      return !!theirs && sameUri(theirs.uri, folder.uri);
    });
    const dir = sibling ? vscode.Uri.joinPath(vscode.Uri.parse(sibling.uri), '..') : folder.uri;
    const uri = await freeName(dir, fileNameFor(title));
    let memo: string | undefined | null = memoUri;
    if (memo === undefined) {
      memo = await this.memo(folder, byRecency);
      if (memo === null) return undefined;
    }
    return { uri: uri.toString(), title: title.trim(), ...(memo ? { memoUri: memo } : {}) };
  }

  /** A memo for a new walkthrough: the ones other walkthroughs use first. `null`: cancelled. */
  private async memo(folder: vscode.WorkspaceFolder, walkthroughs: WalkthroughSummary[]): Promise<string | undefined | null> {
    const used = new Map<string, string>();
    for (const w of walkthroughs.slice(0, 8)) if (w.memoUri && !used.has(w.memoUri)) used.set(w.memoUri, w.title);
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{md,markdown}'), '**/{node_modules,.git,dist,out}/**', 200);
    type Item = vscode.QuickPickItem & { uri?: string };
    const items: Item[] = [{ label: S.noMemo, iconPath: new vscode.ThemeIcon('circle-slash'), detail: S.noMemoDetail }];
    for (const [uri, title] of used) items.push({ uri, label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false), description: S.memoOf(title), iconPath: new vscode.ThemeIcon('book') });
    for (const uri of found.sort((a, b) => a.path.localeCompare(b.path))) {
      if (!used.has(uri.toString())) items.push({ uri: uri.toString(), label: vscode.workspace.asRelativePath(uri, false), iconPath: new vscode.ThemeIcon('markdown') });
    }
    const picked = await vscode.window.showQuickPick(items, { title: S.pickMemoTitle, placeHolder: S.pickMemoPlaceholder, ignoreFocusOut: true });
    if (!picked) return null;
    return picked.uri;
  }

  /** A memo section with a preview, inline talking points, or none. */
  async section(memo: { walkthroughId: string } | { memoUri: string } | undefined): Promise<SectionPick | undefined> {
    const { sections } = memo ? await this.server.request(MemoSectionsRequest, memo, { sections: [] }) : { sections: [] };
    type Item = vscode.QuickPickItem & { pick: SectionPick };
    const items: Item[] = sections.map((section) => ({
      pick: { kind: 'section', reference: section.reference },
      label: section.heading,
      description: '#'.repeat(section.level),
      // The preview: the section's first lines, flattened (a quick pick shows plain text only).
      detail: section.preview.replace(/\s+/g, ' ').trim().slice(0, 160),
    }));
    items.push({ pick: { kind: 'inline' }, label: S.inlinePoints, iconPath: new vscode.ThemeIcon('note'), detail: S.inlinePointsDetail });
    items.push({ pick: { kind: 'none' }, label: S.noPoints, iconPath: new vscode.ThemeIcon('dash') });
    const picked = await vscode.window.showQuickPick(items, { title: S.pickSectionTitle, placeHolder: S.pickSectionPlaceholder, matchOnDetail: true, matchOnDescription: false, ignoreFocusOut: true });
    return picked?.pick;
  }

  /** No code selected: a declaration of these files (the parser's), as a selection of its lines. */
  async declaration(uris: readonly string[]): Promise<CodeSelection | undefined> {
    const { declarations } = await this.server.request(DeclarationsRequest, { uris: [...uris] }, { declarations: [] });
    if (declarations.length === 0) {
      void vscode.window.showWarningMessage(S.noCodeEditor);
      return undefined;
    }
    type Item = vscode.QuickPickItem & { selection: CodeSelection };
    const items: Item[] = declarations.map((d) => ({
      label: d.name,
      description: `${d.kind} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri), false)}:${d.range.startLine + 1}`,
      iconPath: new vscode.ThemeIcon(d.kind === 'method' ? 'symbol-method' : d.kind === 'function' ? 'symbol-function' : 'symbol-class'),
      selection: { uri: d.uri, range: { start: { line: d.range.startLine, character: 0 }, end: { line: d.range.endLine + 1, character: 0 } } },
    }));
    const picked = await vscode.window.showQuickPick(items, { title: S.pickSymbolTitle, placeHolder: S.pickSymbolPlaceholder, matchOnDescription: true, ignoreFocusOut: true });
    return picked?.selection;
  }
}

/** `order-flow.walkthrough.yaml` from a title (ASCII letters and digits; `walkthrough` otherwise). */
export function fileNameFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'walkthrough'}.walkthrough.yaml`;
}

async function freeName(dir: vscode.Uri, name: string): Promise<vscode.Uri> {
  const base = name.replace(/\.walkthrough\.yaml$/, '');
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(dir, i === 1 ? name : `${base}-${i}.walkthrough.yaml`);
    const exists = await vscode.workspace.fs.stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) return candidate;
  }
}
