import type { JobView } from '../../../shared/api/jobs.js';

/** How a job's runs stand, in words: "3 done, 1 running, 2 skipped". */
export function countsInWords(counts: JobView['counts']): string {
  return (
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([state, n]) => `${n} ${state}`)
      .join(', ') || 'no PCs'
  );
}
