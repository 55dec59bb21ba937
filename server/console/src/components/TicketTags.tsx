import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { usePoll } from '../hooks.js';

/** A ticket's category (one of the admin's list) and its tags (typed, comma or space between). */
export function TicketTags({ category, tags, onChange }: { category: string | null; tags: string[]; onChange(patch: Record<string, unknown>): Promise<void> }) {
  const { data: categories } = usePoll(() => api.get<string[]>('/api/v1/ticket-categories'), []);
  const [text, setText] = useState(tags.join(' '));
  useEffect(() => setText(tags.join(' ')), [tags.join(' ')]);
  const saveTags = () => {
    const next = text
      .split(/[\s,]+/)
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    if (next.join(' ') !== tags.join(' ')) void onChange({ tags: next });
  };
  return (
    <>
      <label>
        Category
        <select value={category ?? ''} onChange={(e) => void onChange({ category: e.target.value || null })}>
          <option value="">None</option>
          {category && !(categories ?? []).includes(category) && <option value={category}>{category}</option>}
          {(categories ?? []).map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Tags
        <input
          value={text}
          placeholder="e.g. vpn remote"
          onChange={(e) => setText(e.target.value)}
          onBlur={saveTags}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveTags();
            }
          }}
        />
      </label>
    </>
  );
}
