/**
 * Localization: the bundles, the manifest and the sources agree, and no user-facing literal
 * bypasses the bundle. After a merge, run this first: its failures list file:line of each string
 * to route through t(...) / vscode.l10n.t(...) / plural(...) (and translate in
 * l10n/bundle.l10n.zh-cn.json; `node --import tsx scripts/l10n.ts --write` regenerates the English
 * bundle and lists what is missing).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { renderStepCard } from '../../client/src/views/stepCardHtml';
import { localeFromEnvironment, normalizeLocale, plural, setLocale, t } from '../../server/src/core/l10n';
import { pluralCategory, translator } from '../../common/src/plural';
import type { StepContent } from '../../common/src/protocol';
import { allowKey, allowlist, placeholders, readBundle, REPO, scan, scanTexts } from '../../scripts/l10n';
import { codes, loadWorkspace, WS } from './helpers';

const english = readBundle('bundle.l10n.json');
const chinese = readBundle('bundle.l10n.zh-cn.json');
const CJK = /[\u4e00-\u9fff]/;

after(() => setLocale('en'));

describe('l10n bundles', () => {
  const { messages, bypasses, dynamic } = scan();

  it('has every message of the sources in the English bundle and nothing else', () => {
    const missing = [...messages].filter(([m]) => !(m in english)).map(([m, at]) => `${at.map((l) => `${l.file}:${l.line}`).join(', ')}: ${JSON.stringify(m)}`);
    assert.deepEqual(missing, [], `messages missing in l10n/bundle.l10n.json (run \`node --import tsx scripts/l10n.ts --write\`):\n${missing.join('\n')}`);
    const unused = Object.keys(english).filter((m) => !messages.has(m));
    assert.deepEqual(unused, [], `keys in l10n/bundle.l10n.json that no source uses:\n${unused.join('\n')}`);
  });

  it('has the same keys in English and Simplified Chinese', () => {
    const notTranslated = Object.keys(english).filter((m) => !(m in chinese));
    const onlyChinese = Object.keys(chinese).filter((m) => !(m in english));
    assert.deepEqual(notTranslated, [], `keys without a zh-cn translation in l10n/bundle.l10n.zh-cn.json:\n${notTranslated.join('\n')}`);
    assert.deepEqual(onlyChinese, [], `zh-cn keys that no longer exist in English:\n${onlyChinese.join('\n')}`);
  });

  it('keeps every placeholder, and translates prose into Chinese', () => {
    const broken = Object.entries(chinese).filter(([m, zh]) => placeholders(m).join() !== placeholders(zh).join()).map(([m, zh]) => `${m} → ${zh}`);
    assert.deepEqual(broken, [], `translations that lose or invent {n} placeholders:\n${broken.join('\n')}`);
    // A message with two English words should not come back as English.
    const untranslated = Object.entries(chinese).filter(([m, zh]) => /[A-Za-z]{3,}\s[A-Za-z]{3,}/.test(m.replace(/`[^`]*`/g, '')) && !CJK.test(zh)).map(([m]) => m);
    assert.deepEqual(untranslated, [], `zh-cn "translations" without Chinese:\n${untranslated.join('\n')}`);
  });

  it('routes every user-facing literal through the bundle (or lists it in l10n/allowlist.txt)', () => {
    const allowed = allowlist();
    const offenders = bypasses.filter((b) => !allowed.has(allowKey(b))).map((b) => `${b.file}:${b.line}: ${JSON.stringify(b.text)}`);
    assert.deepEqual(offenders, [], `user-facing string literals that bypass t()/vscode.l10n.t()/plural():\n${offenders.join('\n')}`);
    const dynamicAt = dynamic.map((d) => `${d.file}:${d.line}`);
    assert.deepEqual(dynamicAt, [], `t()/plural() with a message that is not a string literal (the bundle cannot be checked):\n${dynamicAt.join('\n')}`);
  });

  it('keeps the allowlist short: every entry still matches a literal', () => {
    const found = new Set(bypasses.map(allowKey));
    const stale = [...allowlist()].filter((entry) => !found.has(entry));
    assert.deepEqual(stale, [], `l10n/allowlist.txt entries that match nothing any more:\n${stale.join('\n')}`);
  });

  it('the bypass rule catches toasts, labels and HTML text, and skips logs, imports and translated text', () => {
    const source = [
      "import { x } from 'some module name';",
      "vscode.window.showInformationMessage('Done');",
      "vscode.window.showWarningMessage(`Could not open ${file}`);",
      "const item = { label: 'Previous', command: 'walkthroughs.start' };",
      'const html = `<p class="hint">Nothing to see here</p>`;',
      "output.warn('the server did not answer in time');",
      "throw new Error('this is for developers only');",
      "vscode.window.showInformationMessage(t('Translated message here'));",
      "const n = plural(count, '{0} step', '{0} steps');",
    ].join('\n');
    const result = scanTexts([['client/src/fake.ts', source]]);
    assert.deepEqual(
      result.bypasses.map((b) => `${b.line}: ${b.text}`),
      ['2: Done', '3: Could not open {}', '4: Previous', '5: <p class="hint">Nothing to see here</p>'],
    );
    assert.deepEqual([...result.messages.keys()], ['Translated message here', '{0} step', '{0} steps']);
  });
});

describe('manifest strings (package.nls)', () => {
  const pkg = readFileSync(path.join(REPO, 'package.json'), 'utf8');
  const nls = JSON.parse(readFileSync(path.join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const nlsZh = JSON.parse(readFileSync(path.join(REPO, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;

  it('defines every %key% of package.json in English and Chinese, and no more', () => {
    const used = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    assert.deepEqual(used.filter((k) => !(k in nls)), [], 'keys missing in package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.includes(k)), [], 'unused keys in package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((k) => !(k in nlsZh)), [], 'keys missing in package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(nlsZh).filter((k) => !(k in nls)), [], 'extra keys in package.nls.zh-cn.json');
    for (const [key, value] of Object.entries(nlsZh)) {
      if (/^command\.category$|^view|^command\./.test(key) || value.length > 20) assert.match(value, CJK, `${key} is not translated`);
    }
  });

  it('has no literal title, name, description or welcome text left in contributes', () => {
    const manifest = JSON.parse(pkg) as { contributes: unknown; displayName: string; description: string };
    const literal: string[] = [];
    const walk = (value: unknown, where: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          const shown = ['title', 'name', 'description', 'markdownDescription', 'contents', 'contextualTitle', 'enumDescriptions'].includes(key);
          if (shown && typeof v === 'string' && !/^%[^%]+%$/.test(v)) literal.push(`${where}.${key}: ${v}`);
          else if (shown && Array.isArray(v)) v.forEach((d, i) => typeof d === 'string' && !/^%[^%]+%$/.test(d) && literal.push(`${where}.${key}[${i}]: ${d}`));
          else walk(v, `${where}.${key}`);
        }
      }
    };
    walk(manifest.contributes, 'contributes');
    assert.deepEqual(literal, [], `manifest strings not in package.nls.json:\n${literal.join('\n')}`);
    assert.match(manifest.displayName, /^%displayName%$/);
    assert.match(manifest.description, /^%description%$/);
  });

  it('keeps the command links of the welcome text in Chinese', () => {
    const links = (text: string) => [...text.matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(links(nlsZh['viewsWelcome.empty']!), links(nls['viewsWelcome.empty']!));
  });
});

describe('locale and plurals', () => {
  it('maps the ways clients and shells spell Simplified Chinese to zh-cn, everything else to English', () => {
    for (const raw of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh-Hans', 'zh-Hans-CN', 'zh', 'ZH_cn@pinyin']) assert.equal(normalizeLocale(raw), 'zh-cn', raw);
    for (const raw of ['en', 'en-US', 'C', 'POSIX', 'C.UTF-8', 'de-DE', 'zh-TW', '', undefined]) assert.equal(normalizeLocale(raw), 'en', String(raw));
  });

  it('takes the CLI locale from --locale, then LC_ALL, LC_MESSAGES, LANG', () => {
    assert.equal(localeFromEnvironment(['check', '--locale', 'zh-cn'], { LANG: 'en_US.UTF-8' }), 'zh-cn');
    assert.equal(localeFromEnvironment(['--locale=en', 'check'], { LC_ALL: 'zh_CN.UTF-8' }), 'en');
    assert.equal(localeFromEnvironment(['check'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US' }), 'zh_CN.UTF-8');
    assert.equal(localeFromEnvironment(['check'], { LC_MESSAGES: 'zh_CN', LANG: 'en_US' }), 'zh_CN');
    assert.equal(localeFromEnvironment(['check'], { LANG: 'zh_CN.UTF-8' }), 'zh_CN.UTF-8');
    assert.equal(localeFromEnvironment(['check'], {}), undefined);
  });

  it('uses English one/other and a single Chinese form', () => {
    assert.deepEqual([0, 1, 2, 21].map((n) => pluralCategory('en', n)), ['other', 'one', 'other', 'other']);
    assert.deepEqual([0, 1, 2].map((n) => pluralCategory('zh-cn', n)), ['other', 'other', 'other']);
    setLocale('en');
    assert.equal(plural(1, '{0} step', '{0} steps'), '1 step');
    assert.equal(plural(3, '{0} step', '{0} steps'), '3 steps');
    assert.equal(plural(2, 'cited by {0} step', 'cited by {0} steps'), 'cited by 2 steps');
    setLocale('zh-cn');
    assert.equal(plural(1, '{0} step', '{0} steps'), '1 个步骤');
    assert.equal(plural(2, 'cited by {0} step', 'cited by {0} steps'), '被 2 个步骤引用');
    assert.equal(t('Step {0}: {1}', 3, 'x'), '第 3 步：x');
    setLocale('en');
    assert.equal(t('Step {0}: {1}', 3, 'x'), 'Step 3: x');
  });
});

describe('localized engine output', () => {
  const broken = {
    't.walkthrough.yaml': `title: Broken
bogus: 1
steps:
  - file: missing.go
    anchor: x
  - lines: 3
  - file: a.go
    anchor: nowhere to be found
`,
    'a.go': 'package a\n\nfunc A() {}\n',
  };

  it('speaks Chinese in diagnostics and statuses with the same codes and ranges as in English', async () => {
    setLocale('en');
    const en = await loadWorkspace(broken);
    const enDiagnostics = en.engine.diagnostics(`${WS}/t.walkthrough.yaml`);
    setLocale('zh-cn');
    const zh = await loadWorkspace(broken);
    const zhDiagnostics = zh.engine.diagnostics(`${WS}/t.walkthrough.yaml`);
    setLocale('en');
    assert.deepEqual(codes(zh.engine), codes(en.engine));
    assert.ok(codes(en.engine).includes('file-not-found') && codes(en.engine).includes('anchor-stale') && codes(en.engine).includes('unknown-key'));
    assert.deepEqual(zhDiagnostics.map((d) => d.range), enDiagnostics.map((d) => d.range));
    for (const d of zhDiagnostics) assert.match(d.message, CJK, `${d.code}: ${d.message}`);
    for (const d of enDiagnostics) assert.doesNotMatch(d.message, /[一-龥]{2}(?!.*`)/u, `${d.code}: ${d.message}`);
    const missing = zhDiagnostics.find((d) => d.code === 'file-not-found')!;
    assert.equal(missing.message, '找不到文件：`missing.go`（相对于工作区文件夹）。');
  });
});

describe('localized client views (pure builders with the real bundle)', () => {
  const zhT = translator(chinese);
  const resources = { cspSource: 'https://webview.example', nonce: 'n', scriptUri: 's.js', styleUri: 's.css' };
  const content: StepContent = {
    walkthrough: { id: 'w', title: '下单链路', uri: 'file:///ws/w.walkthrough.yaml' },
    step: { id: 's', index: 1, title: 'Sell: 加锁扣库存', status: 'moved', statusMessage: '已移到 x.go。', contentOnly: false, uri: 'file:///ws/a.go', range: { startLine: 3, endLine: 5 } },
    position: 2,
    total: 6,
    question: '为什么要加分布式锁？',
    points: '- 防止超卖',
    section: { heading: '库存扣减', uri: 'file:///ws/memo.md', line: 4 },
    previous: { id: 'p', title: 'Intro' },
    next: { id: 'n', title: 'Commit' },
  };

  it('renders the step card in Chinese: headings, buttons, progress, status and the memo link', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 3, location: 'inventory_srv/handler/inventory.go:42' }, { ...resources, t: zhT, lang: 'zh-cn' });
    for (const text of ['<h3>问题</h3>', '<h3>要点</h3>', '>上一步<', '>下一步<', '>结束<', '已看 3/6', '已移动: 已移到 x.go。', '出自备忘录：<a href="#" data-action="openSection">库存扣减</a>', '在编辑器区域打开', 'lang="zh-cn"']) {
      assert.ok(html.includes(text), `missing ${text}`);
    }
    for (const english of ['Question', 'Talking points', 'Previous', 'Visited', 'From memo']) assert.ok(!html.includes(`>${english}`), `English left: ${english}`);
  });

  it('renders the same card in English with the identity translator', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 3 }, { ...resources, t: translator({}) });
    for (const text of ['<h3>Question</h3>', '<h3>Talking points</h3>', '>Previous<', 'Visited 3 of 6', 'From memo: <a href="#" data-action="openSection">库存扣减</a>', 'lang="en"']) {
      assert.ok(html.includes(text), `missing ${text}`);
    }
  });

  it('breaks the location only after a slash, never inside a name', () => {
    const html = renderStepCard({ kind: 'step', content, visited: 0, location: 'inventory_srv/handler/inventory.go:42' }, { ...resources, t: translator({}) });
    assert.ok(html.includes('<span class="segment">inventory_srv</span>/<wbr><span class="segment">handler</span>/<wbr><span class="segment">inventory.go:42</span>'));
  });

});
