// Path containment: what an annotation's `file:` or the registry glob may name.
import { describe, expect, it } from 'vitest';
import { containedPath, globProblem, isInside } from '../../src/core/paths';
import { decideWrite, registryBasis, singleEdit, textFingerprint } from '../../src/core/registryGuard';

describe('containedPath', () => {
  it('keeps plain relative paths, normalised', () => {
    expect(containedPath('articles/a.md')).toEqual({ path: 'articles/a.md' });
    expect(containedPath('./articles//a.md')).toEqual({ path: 'articles/a.md' });
    expect(containedPath('articles/x/../a.md')).toEqual({ path: 'articles/a.md' });
    expect(containedPath('新闻/报道 1.md')).toEqual({ path: '新闻/报道 1.md' });
  });

  it('refuses paths that leave the folder, even ones that come back', () => {
    expect(containedPath('../../etc/passwd').problem).toBe('escapes');
    expect(containedPath('articles/../../x.md').problem).toBe('escapes');
    expect(containedPath('../workspace/articles/a.md').problem).toBe('escapes');
    expect(containedPath('a/../..').problem).toBe('escapes');
  });

  it('refuses absolute paths, URIs, home and Windows forms', () => {
    for (const p of ['/etc/passwd', 'C:/Windows/win.ini', 'c:\\boot.ini', '\\\\server\\share\\x.md', 'file:///etc/passwd', 'vscode-remote://h/etc/passwd', '~/secrets.md']) {
      expect(containedPath(p).problem, p).toBe('absolute');
    }
    expect(containedPath('articles\\..\\..\\x.md').problem).toBe('backslash');
  });

  it('refuses empty paths and control characters', () => {
    expect(containedPath('').problem).toBe('empty');
    expect(containedPath('.').problem).toBe('empty');
    expect(containedPath('a.md\u0000.txt').problem).toBe('control');
    expect(containedPath('a\nb.md').problem).toBe('control');
  });
});

describe('isInside', () => {
  it('compares whole segments', () => {
    expect(isInside('/w/ws/', '/w/ws/a.md')).toBe(true);
    expect(isInside('/w/ws', '/w/ws')).toBe(true);
    expect(isInside('/w/ws', '/w/ws2/a.md')).toBe(false);
    expect(isInside('/w/ws/', '/w/ws/../etc/passwd')).toBe(false);
    expect(isInside('/w/ws/', '/../../etc')).toBe(false);
    expect(isInside('/', '/etc')).toBe(true);
  });
});

describe('globProblem', () => {
  it('accepts workspace globs and refuses ones that point outside', () => {
    expect(globProblem('**/facts.yaml')).toBeUndefined();
    expect(globProblem('registry/*.yaml')).toBeUndefined();
    expect(globProblem('../**/facts.yaml')).toBe('escapes');
    expect(globProblem('docs/../../x/facts.yaml')).toBe('escapes');
    expect(globProblem('/etc/**')).toBe('absolute');
    expect(globProblem('C:/x/facts.yaml')).toBe('absolute');
    expect(globProblem('')).toBe('empty');
  });
});

describe('decideWrite', () => {
  const text = 'facts: {}\n';
  it('saves a clean buffer that is what was read and what is on disk', () => {
    expect(decideWrite({ computedFrom: text, bufferText: text, dirty: false, diskText: text })).toEqual({ action: 'save' });
    expect(decideWrite({ basis: registryBasis(text), computedFrom: text, bufferText: text, dirty: false, diskText: '\uFEFFfacts: {}\r\n' })).toEqual({ action: 'save' });
    // The model read the raw file (BOM, CRLF); the editor holds VS Code's normalised text.
    expect(decideWrite({ basis: registryBasis('\uFEFFfacts: {}\r\n'), computedFrom: text, bufferText: text, dirty: false, diskText: text })).toEqual({ action: 'save' });
    expect(decideWrite({ computedFrom: text, bufferText: text, dirty: false })).toEqual({ action: 'save' });
  });

  it('refuses when the registry changed since the fix was offered, in the buffer, or on disk', () => {
    expect(decideWrite({ basis: registryBasis('facts: {a: 1}\n'), computedFrom: text, bufferText: text, dirty: false, diskText: text })).toEqual({ action: 'refuse', reason: 'changed-since-offered' });
    expect(decideWrite({ computedFrom: text, bufferText: text + '# typed\n', dirty: true })).toEqual({ action: 'refuse', reason: 'changed-in-buffer' });
    expect(decideWrite({ computedFrom: text, bufferText: text, dirty: false, diskText: text + 'x: 1\n' })).toEqual({ action: 'refuse', reason: 'changed-on-disk' });
    expect(decideWrite({ computedFrom: text, bufferText: text, dirty: false, diskText: null })).toEqual({ action: 'refuse', reason: 'changed-on-disk' });
  });

  it('leaves a buffer with unsaved edits unsaved', () => {
    expect(decideWrite({ computedFrom: text, bufferText: text, dirty: true, diskText: 'other' })).toEqual({ action: 'keep-unsaved' });
  });
});

describe('singleEdit and textFingerprint', () => {
  it('replaces only the changed middle', () => {
    expect(singleEdit('abcdef', 'abXYef')).toEqual({ span: { start: 2, end: 4 }, newText: 'XY' });
    expect(singleEdit('abc', 'abc')).toEqual({ span: { start: 3, end: 3 }, newText: '' });
    expect(singleEdit('aa', 'aaa')).toEqual({ span: { start: 2, end: 2 }, newText: 'a' });
  });
  it('tells texts apart', () => {
    expect(textFingerprint('a')).not.toBe(textFingerprint('b'));
    expect(textFingerprint('facts: {}\n')).toBe(textFingerprint('facts: {}\n'));
  });
});
