// Where a tour step's code opens (client/src/tour/codeColumn.ts): with the step card in the editor
// area, every step's code goes to one code group, never the card's, as a reusable preview tab.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codePlacement, type EditorLayout } from '../../client/src/tour/codeColumn';

const A = 'file:///ws/a.go';
const B = 'file:///ws/b.go';

describe('codePlacement', () => {
  it('without a card in the editor area: where the file is shown, else the active group, pinned tabs as before', () => {
    assert.deepEqual(codePlacement(A, { editors: [{ column: 2, uri: A }], groups: [1, 2] }), { column: 2, preview: false });
    assert.deepEqual(codePlacement(B, { editors: [{ column: 2, uri: A }], groups: [1, 2] }), { column: 'active', preview: false });
  });

  it('never opens code in the card group, even when the card has the focus', () => {
    // The card (group 2) was clicked: the active group is the card's; code is shown in group 1.
    const layout: EditorLayout = { cardColumn: 2, editors: [{ column: 1, uri: A }], groups: [1, 2] };
    assert.deepEqual(codePlacement(B, layout), { column: 1, preview: true });
    assert.deepEqual(codePlacement(A, layout), { column: 1, preview: true });
  });

  it('keeps to the group the tour used before, over another file shown elsewhere', () => {
    const layout: EditorLayout = { cardColumn: 2, editors: [{ column: 3, uri: A, active: true }, { column: 1, uri: 'file:///ws/c.go' }], groups: [1, 2, 3], lastCodeColumn: 1 };
    assert.equal(codePlacement(B, layout).column, 1);
    // …unless the file is already shown in another code group.
    assert.equal(codePlacement(A, layout).column, 3);
    // A closed group is forgotten: the active code editor's group is used.
    assert.equal(codePlacement(B, { ...layout, groups: [2, 3], editors: [{ column: 3, uri: A, active: true }] }).column, 3);
  });

  it('a file shown only in the card group does not pull the code there', () => {
    const layout: EditorLayout = { cardColumn: 1, editors: [{ column: 1, uri: A }], groups: [1, 2] };
    assert.deepEqual(codePlacement(A, layout), { column: 2, preview: true });
  });

  it('the card alone in the editor area: a group beside it', () => {
    assert.deepEqual(codePlacement(A, { cardColumn: 1, editors: [], groups: [1] }), { column: 2, preview: true });
    assert.deepEqual(codePlacement(A, { cardColumn: 2, editors: [], groups: [2] }), { column: 1, preview: true });
  });
});
