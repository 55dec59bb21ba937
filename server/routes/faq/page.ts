import type { FaqArticleRecord } from '../../storage/types.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The public FAQ page. Article bodies are shown as escaped text (Markdown source is readable as
 * it is); nothing an author writes can become markup or script here.
 */
export function faqPage(articles: FaqArticleRecord[], q: string): string {
  const byCategory = new Map<string, FaqArticleRecord[]>();
  for (const a of articles) byCategory.set(a.category, [...(byCategory.get(a.category) ?? []), a]);
  const sections = [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([category, list]) =>
        `<h2>${escape(category)}</h2>` +
        list.map((a) => `<details id="a${a.id}"><summary>${escape(a.title)}</summary><div class="body">${escape(a.body)}</div></details>`).join(''),
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>FAQ — Deskside</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:760px;margin:0 auto;padding:24px 16px;color:#1d2330}
input{font:inherit;padding:8px;width:70%}button{font:inherit;padding:8px 14px}
details{border:1px solid #d9dce3;border-radius:6px;padding:8px 12px;margin:6px 0}summary{cursor:pointer;font-weight:600}
.body{white-space:pre-wrap;margin-top:8px}</style></head>
<body><h1>Frequently asked questions</h1>
<form method="get" action="/faq" role="search"><input name="q" value="${escape(q)}" aria-label="Search the FAQ" maxlength="200"> <button>Search</button></form>
${sections || '<p>No articles found.</p>'}
</body></html>`;
}
