import { useEffect, useState } from 'react';

/** Hash routes (#/tickets/12): links work without any server-side routing. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => setParts(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

export const go = (path: string) => {
  location.hash = `#/${path}`;
};

/** The filters a link put after the route (#/inventory?software=openssl), as search parameters. */
export const hashQuery = () => new URLSearchParams(location.hash.split('?')[1] ?? '');
