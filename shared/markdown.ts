/**
 * The Markdown people write in replies, read into a small tree that holds only text and a few
 * shapes: paragraphs, headings, lists, code, bold, italic and links. Nothing in it is HTML, so
 * whatever renders it (an email's HTML part, the Get-help page building DOM nodes) shows what
 * was typed as text: `<script>` stays the characters `<script>`. Links keep only http(s) and
 * mailto addresses.
 */

export type MdInline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: MdInline[] }
  | { t: 'em'; c: MdInline[] }
  | { t: 'link'; href: string; c: MdInline[] }
  | { t: 'br' };

export type MdBlock =
  | { t: 'p'; c: MdInline[] }
  | { t: 'h'; level: 1 | 2 | 3; c: MdInline[] }
  | { t: 'ul' | 'ol'; items: MdInline[][] }
  | { t: 'pre'; v: string };

const SAFE_LINK = /^(https?:\/\/|mailto:)[^\s<>"]+$/i;

/** Inline marks, innermost first where they nest. Unclosed marks stay as typed. */
export function parseInline(text: string): MdInline[] {
  const out: MdInline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ t: 'text', v: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^`([^`\n]+)`/.exec(rest))) {
      flush();
      out.push({ t: 'code', v: m[1]! });
    } else if ((m = /^\*\*(?=\S)([\s\S]*?\S)\*\*/.exec(rest)) || (m = /^__(?=\S)([\s\S]*?\S)__/.exec(rest))) {
      flush();
      out.push({ t: 'strong', c: parseInline(m[1]!) });
    } else if ((m = /^\*(?=[^\s*])([^*\n]*?[^\s*])\*/.exec(rest)) || (m = /^_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}])/u.exec(rest))) {
      flush();
      out.push({ t: 'em', c: parseInline(m[1]!) });
    } else if ((m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest)) && SAFE_LINK.test(m[2]!)) {
      flush();
      out.push({ t: 'link', href: m[2]!, c: parseInline(m[1]!) });
    } else if ((m = /^https?:\/\/[^\s<>"()]+[^\s<>"().,;:!?]/i.exec(rest)) && !/[\p{L}\p{N}]$/u.test(plain)) {
      flush();
      out.push({ t: 'link', href: m[0], c: [{ t: 'text', v: m[0] }] });
    } else if (rest.startsWith('\n')) {
      flush();
      out.push({ t: 'br' });
      m = /^\n/.exec(rest);
    } else {
      plain += text[i];
      i++;
      continue;
    }
    i += m![0].length;
  }
  flush();
  return out;
}

export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdBlock[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if (/^\s*```/.test(line)) {
      endPara();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]!); i++) code.push(lines[i]!);
      blocks.push({ t: 'pre', v: code.join('\n') });
    } else if ((m = /^(#{1,3})\s+(.*)$/.exec(line))) {
      endPara();
      blocks.push({ t: 'h', level: m[1]!.length as 1 | 2 | 3, c: parseInline(m[2]!.trim()) });
    } else if (/^\s*([-*+]|\d{1,9}[.)])\s+/.test(line)) {
      endPara();
      const ordered = /^\s*\d/.test(line);
      const items: MdInline[][] = [];
      for (; i < lines.length && (m = /^\s*([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(lines[i]!)) && /^\s*\d/.test(lines[i]!) === ordered; i++) items.push(parseInline(m[2]!));
      i--;
      blocks.push({ t: ordered ? 'ol' : 'ul', items });
    } else if (line.trim() === '') {
      endPara();
    } else {
      para.push(line);
    }
  }
  endPara();
  return blocks;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function inlineHtml(nodes: MdInline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return escapeHtml(n.v);
        case 'code':
          return `<code>${escapeHtml(n.v)}</code>`;
        case 'strong':
          return `<strong>${inlineHtml(n.c)}</strong>`;
        case 'em':
          return `<em>${inlineHtml(n.c)}</em>`;
        case 'link':
          return `<a href="${escapeHtml(n.href)}" rel="noopener noreferrer">${inlineHtml(n.c)}</a>`;
        case 'br':
          return '<br>';
      }
    })
    .join('');
}

/** HTML for an email's HTML part: every character typed arrives escaped, inside a few tags. */
export function markdownToHtml(source: string): string {
  return parseMarkdown(source)
    .map((b) => {
      switch (b.t) {
        case 'p':
          return `<p>${inlineHtml(b.c)}</p>`;
        case 'h':
          return `<h${b.level + 2}>${inlineHtml(b.c)}</h${b.level + 2}>`;
        case 'ul':
        case 'ol':
          return `<${b.t}>${b.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${b.t}>`;
        case 'pre':
          return `<pre>${escapeHtml(b.v)}</pre>`;
      }
    })
    .join('');
}
