/**
 * The server speaks the extension's language (`walkthroughs.language`, sent as
 * initializationOptions.locale) even when VS Code's display language (`initialize.locale`) is
 * another. Its own file: the server's locale is per process.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { InProcessClient, uriOf, WS } from './harness';

const YAML = `${WS}/a.walkthrough.yaml`;
const files = () => new MemoryFileSystem({ [YAML]: 'title: A\nsteps:\n  - file: missing.go\n    anchor: x\n', [`${WS}/b.go`]: 'package b\n' });

async function missingFileMessage(options: { locale?: string; initializationOptions?: Record<string, unknown> }): Promise<string> {
  const c = await InProcessClient.start({ fs: files(), ...options });
  try {
    const diagnostics = await c.waitFor(() => c.published.get(uriOf(YAML))?.filter((d) => d.code === 'file-not-found'), 'file-not-found');
    assert.equal(diagnostics.length, 1);
    return String(diagnostics[0]!.message);
  } finally {
    c.stop();
  }
}

describe('server language: initializationOptions.locale over initialize.locale', () => {
  it('Chinese when the extension asks for zh-cn although VS Code displays English', async () => {
    assert.match(await missingFileMessage({ locale: 'en', initializationOptions: { locale: 'zh-cn' } }), /^找不到文件/);
  });

  it('English when the extension asks for en although VS Code displays Chinese', async () => {
    assert.match(await missingFileMessage({ locale: 'zh-cn', initializationOptions: { locale: 'en' } }), /^File not found/);
  });

  it('without it, the display language as before; an empty or non-string locale is ignored', async () => {
    assert.match(await missingFileMessage({ locale: 'zh-cn' }), /^找不到文件/);
    assert.match(await missingFileMessage({ locale: 'zh-cn', initializationOptions: { locale: '' } }), /^找不到文件/);
    assert.match(await missingFileMessage({ locale: 'zh-cn', initializationOptions: { locale: 7 } }), /^找不到文件/);
    assert.match(await missingFileMessage({}), /^File not found/);
  });
});
