import { describe, expect, it } from 'vitest';
import { markdownToHtml, parseInline, parseMarkdown } from './markdown.js';

describe('Markdown as replies use it', () => {
  it('reads paragraphs, headings, lists, code, bold, italic and links', () => {
    expect(markdownToHtml('Restart **twice**, then *wait*.\nThen run `gpupdate`.\n\n- one\n- two\n\n1. first\n2. second\n\n## Why\n```\nC:\\> ipconfig\n```')).toBe(
      '<p>Restart <strong>twice</strong>, then <em>wait</em>.<br>Then run <code>gpupdate</code>.</p>' +
        '<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol><h4>Why</h4><pre>C:\\&gt; ipconfig</pre>',
    );
    expect(markdownToHtml('See [the portal](https://portal.example.com/reset) or https://help.example.com/vpn.')).toBe(
      '<p>See <a href="https://portal.example.com/reset" rel="noopener noreferrer">the portal</a> or <a href="https://help.example.com/vpn" rel="noopener noreferrer">https://help.example.com/vpn</a>.</p>',
    );
  });

  it('shows markup typed in a reply as text, and keeps only web and mail links', () => {
    const html = markdownToHtml('<script>alert(1)</script> **<img src=x onerror=alert(2)>** [click](javascript:alert(3)) [x](https://a.example/"onmouseover=alert(4))');
    expect(html).not.toMatch(/<script|<img|href="javascript|onmouseover=alert\(4\)"/);
    // The quote cannot leave the address: it ends the link and stays text.
    expect(html).toContain('<a href="https://a.example/" rel="noopener noreferrer">https://a.example/</a>&quot;onmouseover=alert(4))');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>&lt;img src=x onerror=alert(2)&gt;</strong>');
    expect(html).toContain('[click](javascript:alert(3))');
  });

  it('leaves unclosed marks and snake_case words as typed', () => {
    expect(parseInline('2 * 3 = 6 and my_file_name and **open')).toEqual([{ t: 'text', v: '2 * 3 = 6 and my_file_name and **open' }]);
    expect(parseMarkdown('')).toEqual([]);
  });
});
