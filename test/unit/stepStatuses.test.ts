/**
 * The status table (core/stepStatuses.ts) covers every status the protocol declares, in English
 * and Chinese, and the tree, the landing report and the step card show what it says.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { landingKind } from '../../client/src/sample/landingReport';
import { renderStepCard } from '../../client/src/views/stepCardHtml';
import { isProblem, stepMark } from '../../client/src/views/stepMarks';
import { translator } from '../../common/src/plural';
import { STEP_STATUSES, statusBadge, statusInfo, statusMark, statusName } from '../../common/src/stepStatuses';
import type { StepContent, StepSummary } from '../../common/src/protocol';
import { readBundle, REPO } from '../../scripts/l10n';

/** The members of `type StepStatus = 'a' | 'b' | …` in protocol.ts, read from the source. */
function declaredStatuses(): string[] {
  const file = path.join(REPO, 'common/src/protocol.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'StepStatus');
  assert.ok(alias && ts.isUnionTypeNode(alias.type), 'protocol.ts declares StepStatus as a union of string literals');
  return alias.type.types.map((member) => {
    assert.ok(ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal));
    return member.literal.text;
  });
}

const english = translator({});
const chinese = translator(readBundle('bundle.l10n.zh-cn.json'));
const CJK = /[\u4e00-\u9fff]/;

const summary = (status: string, contentOnly = false): StepSummary =>
  ({ id: 's', index: 0, title: 'Sell', status, uri: 'file:///w/a.go', range: { startLine: 1, endLine: 2 }, contentOnly }) as StepSummary;

describe('step status table', () => {
  it('has an entry for every status protocol.ts declares, and no other', () => {
    assert.deepEqual([...STEP_STATUSES].sort(), declaredStatuses().sort());
  });

  it('gives each status a word, a badge and an explanation in English and Chinese, and a mark', () => {
    for (const status of declaredStatuses()) {
      const info = statusInfo(status);
      assert.ok(info, status);
      for (const text of [info.name, info.badge, info.explanation]) {
        assert.ok(text(english).trim(), `${status}: English text`);
        assert.match(text(chinese), CJK, `${status}: "${text(english)}" has a Chinese translation`);
      }
      assert.ok(['✓', '↪', '≈', '?', '✗'].includes(info.mark), status);
      assert.equal(info.icon === undefined, status === 'ok', `${status}: an icon exactly when the anchor is not where it was written`);
      if (info.landing === 'exact' || info.landing === 'close' || info.landing === 'guess') assert.equal(info.placed, true, `${status} landed, so it has lines`);
    }
  });

  it('passes a status it does not know (a newer server) through as it came', () => {
    assert.equal(statusInfo('some-future-status'), undefined);
    assert.equal(statusInfo('toString'), undefined);
    assert.equal(statusName('some-future-status', english), 'some-future-status');
    assert.equal(statusMark('some-future-status'), '•');
    assert.equal(landingKind(summary('some-future-status')), 'notFound');
  });

  it('the tree, the landing report and the step card show what the table says', () => {
    const content = (status: string): StepContent => ({
      walkthrough: { id: 'w', title: 'W', uri: 'file:///w/w.walkthrough.yaml' },
      step: summary(status),
      position: 1,
      total: 1,
      points: 'p',
    });
    const resources = { cspSource: 'https://webview.example', nonce: 'n', scriptUri: 'https://webview.example/s.js', styleUri: 'https://webview.example/s.css', t: english };
    for (const status of STEP_STATUSES) {
      const info = statusInfo(status)!;
      const mark = stepMark(summary(status), { visited: false, current: false });
      assert.equal(mark.problem, info.icon !== undefined, status);
      if (info.icon) assert.deepEqual([mark.icon, mark.color], [info.icon.id, info.icon.color], status);
      assert.equal(isProblem(status, true), false, `${status}: a step without code has no anchor to be wrong about`);
      assert.equal(landingKind(summary(status)), info.landing, status);
      const html = renderStepCard({ kind: 'step', content: content(status), visited: 0 }, resources);
      if (status !== 'ok') assert.ok(html.includes(statusBadge(status, english)), `${status}: badge on the card`);
      assert.equal(html.includes('data-action="closestMatch"'), info.closestMatch, `${status}: Go to Closest Match`);
    }
  });
});
