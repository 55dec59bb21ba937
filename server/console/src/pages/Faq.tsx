import { useState } from 'react';
import { api } from '../api.js';
import { Markdown } from '../components/Markdown.js';
import { usePoll } from '../hooks.js';
import type { FaqArticle } from '../types.js';

/** The knowledge base: anyone may search it, signed in or not. */
export function FaqPage() {
  const [q, setQ] = useState('');
  const { data, error } = usePoll(() => api.get<FaqArticle[]>(`/api/v1/faq?limit=50${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`), [q]);
  return (
    <section>
      <h1>Answers to common problems</h1>
      <input aria-label="Search the answers" placeholder="Describe the problem" value={q} onChange={(e) => setQ(e.target.value)} />
      {error && <p className="error">{error}</p>}
      {(data ?? []).map((a) => (
        <details key={a.id} className="card faq">
          <summary>
            {a.title} <span className="muted">· {a.category}</span>
          </summary>
          <Markdown text={a.body} />
        </details>
      ))}
      {data?.length === 0 && <p className="muted">No answer matches; send a request to IT instead.</p>}
    </section>
  );
}
