/**
 * `walkthroughs.language` (auto, en, zh-cn): which language the extension speaks and where its `t`
 * comes from — VS Code's `vscode.l10n` when that serves the language, else the bundle in l10n/ that
 * the extension loads itself. The server side is test/inprocess/language-setting.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { chooseLanguage, LANGUAGE_SETTINGS, readBundle, translatorFor } from '../../client/src/language';
import { SUPPORTED_LOCALES } from '../../server/src/core/l10n';
import { TRANSLATED_LOCALES } from '../../common/src/localeTag';
import type { Translate } from '../../common/src/plural';

const REPO = path.resolve(__dirname, '../..');
const L10N = path.join(REPO, 'l10n');
const zhBundle = JSON.parse(readFileSync(path.join(L10N, 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;

/** A stand-in for `vscode.l10n.t` that records being asked. */
function vscodeL10n(): Translate & { calls: number } {
  const fn = ((message: string) => {
    fn.calls++;
    return `vscode:${message}`;
  }) as Translate & { calls: number };
  fn.calls = 0;
  return fn;
}

describe('walkthroughs.language', () => {
  it('auto follows the display language; en and zh-cn override it and then need the extension’s own bundle', () => {
    assert.deepEqual(chooseLanguage('auto', 'zh-cn'), { language: 'zh-cn', ownBundle: false });
    assert.deepEqual(chooseLanguage('auto', 'en'), { language: 'en', ownBundle: false });
    assert.deepEqual(chooseLanguage('auto', 'de'), { language: 'en', ownBundle: false });
    assert.deepEqual(chooseLanguage('zh-cn', 'en'), { language: 'zh-cn', ownBundle: true });
    assert.deepEqual(chooseLanguage('zh-cn', 'de'), { language: 'zh-cn', ownBundle: true });
    assert.deepEqual(chooseLanguage('zh-cn', 'zh-CN'), { language: 'zh-cn', ownBundle: false });
    assert.deepEqual(chooseLanguage('en', 'zh-cn'), { language: 'en', ownBundle: true });
    assert.deepEqual(chooseLanguage('en', 'en-us'), { language: 'en', ownBundle: false });
    // A hand-edited value the schema does not allow is `auto`.
    for (const bad of ['klingon', '', 42, null, undefined]) assert.deepEqual(chooseLanguage(bad, 'zh-cn'), { language: 'zh-cn', ownBundle: false }, String(bad));
  });

  it('switches the client’s strings: Chinese over an English VS Code, English over a Chinese one, VS Code’s own for auto', () => {
    const message = 'Code Walkthroughs will speak the new language after the window reloads.';
    assert.ok(zhBundle[message], 'the message has a zh-cn translation');

    const overEnglish = vscodeL10n();
    const zh = translatorFor(chooseLanguage('zh-cn', 'en'), L10N, overEnglish);
    assert.equal(zh(message), zhBundle[message]);
    const withArgs = Object.keys(zhBundle).find((key) => key.includes('{0}') && zhBundle[key]!.includes('{0}'))!;
    assert.equal(zh(withArgs, 'X1'), zhBundle[withArgs]!.replace(/\{0\}/g, 'X1'));
    assert.equal(overEnglish.calls, 0, 'vscode.l10n (English here) is not asked');

    const overChinese = vscodeL10n();
    const en = translatorFor(chooseLanguage('en', 'zh-cn'), L10N, overChinese);
    assert.equal(en(message), message);
    assert.equal(en('{0} and {1}', 'a', 'b'), 'a and b');
    assert.equal(overChinese.calls, 0, 'vscode.l10n (Chinese here) is not asked');

    const auto = vscodeL10n();
    assert.equal(translatorFor(chooseLanguage('auto', 'zh-cn'), L10N, auto)(message), `vscode:${message}`);
    assert.equal(auto.calls, 1);
  });

  it('a missing or broken bundle file is English, never a failed activation', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-l10n-'));
    try {
      assert.deepEqual(readBundle(dir, 'zh-cn'), {});
      writeFileSync(path.join(dir, 'bundle.l10n.zh-cn.json'), '{ not json');
      assert.deepEqual(readBundle(dir, 'zh-cn'), {});
      writeFileSync(path.join(dir, 'bundle.l10n.zh-cn.json'), '{"A": "甲", "B": 3, "C": {"x": 1}}');
      assert.deepEqual(readBundle(dir, 'zh-cn'), { A: '甲' });
      assert.equal(translatorFor({ language: 'zh-cn', ownBundle: true }, dir, vscodeL10n())('B'), 'B');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the setting’s choices, the bundles in l10n/ and the server’s locales agree', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const setting = manifest.contributes.configuration.properties['walkthroughs.language'];
    assert.deepEqual(setting.enum, [...LANGUAGE_SETTINGS]);
    assert.equal(setting.default, 'auto');
    const bundles = readdirSync(L10N).map((name) => /^bundle\.l10n\.(.+)\.json$/.exec(name)?.[1]).filter((x): x is string => !!x).sort();
    assert.deepEqual(bundles, [...TRANSLATED_LOCALES].sort());
    assert.deepEqual([...SUPPORTED_LOCALES].sort(), ['en', ...TRANSLATED_LOCALES].sort());
    assert.deepEqual(LANGUAGE_SETTINGS.filter((s) => s !== 'auto').sort(), ['en', ...TRANSLATED_LOCALES].sort());
  });
});
