// The quick picks of the add-step flow: which walkthrough (most recent first, or a new one with a
// file name and a memo), which memo section, which declaration when no code is selected.
import * as vscode from 'vscode';
import { DeclarationsRequest, MemoSectionsRequest, type CodeSelection, type WalkthroughSummary } from '../../../common/src/protocol';
import type { WalkthroughClient } from '../languageClient';
import { pickWalkthrough } from '../views/pickWalkthrough';
import { asWalkthroughFileName, walkthroughsFolder } from './newWalkthroughPlace';
import { S } from './strings';
import { walkthroughGlobs } from '../walkthroughFiles';

const RECENT_KEY = 'walkthroughs.authoring.recent';

/** A walkthrough to create: its file, title and memo. */
export interface NewWalkthrough {
  uri: string;
  title: string;
  memoUri?: string;
}

export type SectionPick = { kind: 'section'; reference: string } | { kind: 'inline' } | { kind: 'typed'; text: string } | { kind: 'none' };

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
    // Asked, proposing the folder walkthroughs are read from (newWalkthroughPlace.ts).
    const dir = folder.uri.with({ path: walkthroughsFolder(folder.uri.path, walkthroughGlobs(), byRecency.map((w) => vscode.Uri.parse(w.uri).path)) });
    const proposed = await freeName(dir, fileNameFor(title));
    const chosen = await vscode.window.showSaveDialog({ defaultUri: proposed, title: S.saveWalkthroughTitle, saveLabel: S.saveWalkthroughButton, filters: { [S.walkthroughFilter]: ['yaml', 'yml'] } });
    if (!chosen) return undefined;
    const uri = chosen.with({ path: asWalkthroughFileName(chosen.path) });
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

  /**
   * A memo section with a preview, inline talking points (written in the points editor), or
   * none; or text typed into the filter, which is the talking points themselves: while typing,
   * "Use typed text as the talking point" shows after the headings that match, and Enter takes it
   * when none does.
   */
  async section(memo: { walkthroughId: string } | { memoUri: string } | undefined): Promise<SectionPick | undefined> {
    const { sections } = memo ? await this.server.request(MemoSectionsRequest, memo, { sections: [] }) : { sections: [] };
    type Item = vscode.QuickPickItem & { pick: SectionPick };
    const fixed: Item[] = sections.map((section) => ({
      pick: { kind: 'section', reference: section.reference },
      label: section.heading,
      description: '#'.repeat(section.level),
      // The preview: the section's first lines, flattened (a quick pick shows plain text only).
      detail: section.preview.replace(/\s+/g, ' ').trim().slice(0, 160),
    }));
    const tail: Item[] = [
      { pick: { kind: 'inline' }, label: S.inlinePoints, iconPath: new vscode.ThemeIcon('note'), detail: S.inlinePointsDetail },
      { pick: { kind: 'none' }, label: S.noPoints, iconPath: new vscode.ThemeIcon('dash') },
    ];
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.title = S.pickSectionTitle;
    quickPick.placeholder = S.pickSectionPlaceholder;
    quickPick.matchOnDetail = true;
    quickPick.matchOnDescription = false;
    quickPick.ignoreFocusOut = true;
    // While filtering, items whose label matches come first: headings, then the typed text
    // (its label does not hold what was typed), then the rest in this order.
    quickPick.items = [...fixed, ...tail];
    const typedItem = (text: string): Item => ({ pick: { kind: 'typed', text }, label: S.useTypedText, iconPath: new vscode.ThemeIcon('edit'), detail: text, alwaysShow: true });
    return new Promise<SectionPick | undefined>((resolve) => {
      let result: SectionPick | undefined;
      quickPick.onDidChangeValue((value) => {
        quickPick.items = value.trim() ? [...fixed, typedItem(value.trim()), ...tail] : [...fixed, ...tail];
      });
      quickPick.onDidAccept(() => {
        const active = quickPick.activeItems[0] ?? quickPick.selectedItems[0];
        // Nothing active (every item filtered out): the typed text is the points.
        result = active?.pick ?? (quickPick.value.trim() ? { kind: 'typed', text: quickPick.value.trim() } : undefined);
        if (result) quickPick.hide();
      });
      quickPick.onDidHide(() => {
        quickPick.dispose();
        resolve(result);
      });
      quickPick.show();
    });
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
