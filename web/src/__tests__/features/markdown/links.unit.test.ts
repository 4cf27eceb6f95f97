import { codeLanguage } from '../../../features/markdown/code-language';
import { decodeEntities, safeHref } from '../../../features/markdown/links';

describe('safeHref', () => {
  it.each([
    ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['http://example.com', 'http://example.com/'],
    ['  https://example.com/trimmed  ', 'https://example.com/trimmed'],
    ['mailto:team@example.com', 'mailto:team@example.com'],
    ['HTTPS://EXAMPLE.COM', 'https://example.com/'],
  ])('keeps %j', (href, expected) => {
    expect(safeHref(href)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/settings',
    '#top',
    '//evil.example.com',
    'ftp://example.com/file',
    '',
  ])('refuses %j', (href) => {
    expect(safeHref(href)).toBeNull();
  });
});

describe('decodeEntities', () => {
  it('decodes the references marked leaves for its HTML renderer', () => {
    expect(decodeEntities('a &amp; b &lt;i&gt; &quot;q&quot; &apos;s&apos; &#39;t&#39; &#x41;')).toBe(`a & b <i> "q" 's' 't' A`);
    expect(decodeEntities('&#0; &#xD800;')).toBe('\ufffd \ufffd');
    expect(decodeEntities('no entities, &unknown; stays')).toBe('no entities, &unknown; stays');
  });
});

describe('codeLanguage', () => {
  it('knows the languages it colours by their usual names', () => {
    expect(codeLanguage('js')).toBe('javascript');
    expect(codeLanguage('TypeScript')).toBe('typescript');
    expect(codeLanguage('py title="x.py"')).toBe('python');
    expect(codeLanguage('json')).toBe('json');
    expect(codeLanguage('tsx')).toBe('tsx');
    expect(codeLanguage('bash')).toBeNull();
    expect(codeLanguage('constructor')).toBeNull();
    expect(codeLanguage(undefined)).toBeNull();
  });
});
