import { staleReasons } from '../../scripts/buildState.mjs';

/**
 * The end-to-end tests run dist/, what `npm start` runs. A dist/ older than the sources would
 * pass or fail for code that is no longer there, so the suite stops instead and says why.
 */
export default function freshBuild(): void {
  const reasons = staleReasons();
  if (reasons.length > 0) {
    throw new Error(`dist/ is older than the sources (${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '; …' : ''}): run npm run build, or npm test, which builds first`);
  }
}
