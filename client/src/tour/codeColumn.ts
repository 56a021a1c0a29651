// Where a step's code opens (pure, unit-tested). With the step card in the editor area, code must
// never open in the card's group — the tabs would scatter between the card's group and the code's —
// so every step of a tour opens in one code group, as a preview tab (VS Code reuses it, and a tab
// already open for the file, instead of piling up one tab per step). Without a card in the editor
// area, the code opens where it is already shown, else in the active group, as before.

export interface EditorLayout {
  /** The step card's group, when the card is open in the editor area. */
  cardColumn?: number;
  /** The visible text editors: their group and document URI; `active` for the focused one. */
  editors: ReadonlyArray<{ column: number; uri: string; active?: boolean }>;
  /** Every editor group's column (1-based), empty ones included. */
  groups: readonly number[];
  /** The group the tour last opened code in (it may have been closed since). */
  lastCodeColumn?: number;
}

/** A column number, or `active` for VS Code's active group. */
export interface CodePlacement {
  column: number | 'active';
  preview: boolean;
}

export function codePlacement(uri: string, layout: EditorLayout): CodePlacement {
  const card = layout.cardColumn;
  if (card === undefined) {
    const shown = layout.editors.find((e) => e.uri === uri);
    return { column: shown?.column ?? 'active', preview: false };
  }
  const notCard = (column: number | undefined): column is number => column !== undefined && column !== card;
  const candidates = [
    // Already shown beside the card: stay there.
    layout.editors.find((e) => e.uri === uri && notCard(e.column))?.column,
    // The group the tour's code went to before, while it is still open.
    layout.groups.includes(layout.lastCodeColumn ?? -1) ? layout.lastCodeColumn : undefined,
    layout.editors.find((e) => e.active && notCard(e.column))?.column,
    layout.editors.find((e) => notCard(e.column))?.column,
    layout.groups.find((column) => notCard(column)),
  ];
  const column = candidates.find(notCard);
  // The card is alone in the editor area: a new group beside it.
  return { column: column ?? (card === 1 ? 2 : 1), preview: true };
}
