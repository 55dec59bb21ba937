/**
 * Previous and next for a list paged on the server, with where this page sits in the total;
 * nothing when everything fits on one page. The audit log names the directions in time.
 */
export function Pager({ offset, size, total, onChange, labels = ['Previous', 'Next'], always = false }: {
  offset: number;
  size: number;
  total: number;
  onChange(offset: number): void;
  labels?: [string, string];
  /** Shown even with a single page (the audit log says "No entries" there). */
  always?: boolean;
}) {
  if (!always && total <= size) return null;
  return (
    <p className="pager">
      <button type="button" className="secondary small" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - size))}>
        {labels[0]}
      </button>{' '}
      <span>{total === 0 ? 'No entries' : `${offset + 1}–${Math.min(offset + size, total)} of ${total}`}</span>{' '}
      <button type="button" className="secondary small" disabled={offset + size >= total} onClick={() => onChange(offset + size)}>
        {labels[1]}
      </button>
    </p>
  );
}
