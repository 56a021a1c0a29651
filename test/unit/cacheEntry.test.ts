// The envelope both caches write (core/cacheEntry.ts): an entry opens only as it was sealed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { openEntry, sealEntry } from '../../server/src/core/cacheEntry';

const store = { digest: (text: string) => createHash('sha256').update(text).digest('hex') };
const fields = { magic: 'm', format: 1, version: '1.0.0', key: 'k', facts: true };
const value = { symbols: [{ name: 'Sell', span: { start: 3, end: 9 } }], note: '中文\n"quoted"' };

describe('cache entries: sealed and opened', () => {
  it('opens what it sealed, with its header', () => {
    const opened = openEntry(store, sealEntry(store, fields, value), fields);
    assert.deepEqual(opened?.value, value);
    assert.equal(opened?.header.facts, true);
  });

  it('a header that differs in any expected field reads as no entry', () => {
    const sealed = sealEntry(store, fields, value);
    for (const [name, other] of Object.entries({ magic: 'x', format: 2, version: '1.0.1', key: 'k2', facts: false })) {
      assert.equal(openEntry(store, sealed, { ...fields, [name]: other }), undefined, name);
    }
  });

  it('a truncated, altered or extended body, or a broken header, reads as no entry', () => {
    const sealed = sealEntry(store, fields, value);
    const newline = sealed.indexOf('\n');
    const damaged = {
      truncated: sealed.slice(0, -3),
      'body altered, same length': sealed.slice(0, -2) + (sealed.at(-2) === '1' ? '2' : '1') + sealed.at(-1),
      'body extended': `${sealed} `,
      'header only': sealed.slice(0, newline),
      'header not JSON': `{${sealed.slice(newline)}`,
      'header an array': `[]${sealed.slice(newline)}`,
      'header null': `null${sealed.slice(newline)}`,
      empty: '',
    };
    for (const [what, text] of Object.entries(damaged)) assert.equal(openEntry(store, text, fields), undefined, what);
  });

  it('a body whose digest matches but is not JSON reads as no entry', () => {
    const body = '{not json';
    const text = `${JSON.stringify({ ...fields, bodyLength: body.length, bodyDigest: store.digest(body) })}\n${body}`;
    assert.equal(openEntry(store, text, fields), undefined);
  });
});
