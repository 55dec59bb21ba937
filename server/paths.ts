import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/**
 * The build output folder (`dist/`): the console bundle, the agent entry point and the agent
 * executables live there. Found from this module's own place in the tree, never by walking up
 * to a package.json: the build writes a `dist/package.json` of its own (the version import), so
 * the first one up the tree is not the project's. This file is `server/paths.ts` in the sources
 * (unit tests) and `dist/server/paths.js` once built (what `npm start` runs).
 */
export const DIST_DIR = here.endsWith('.ts') ? path.resolve(path.dirname(here), '..', 'dist') : path.resolve(path.dirname(here), '..');

export const CONSOLE_DIR = path.join(DIST_DIR, 'console');
export const AGENT_MAIN = path.join(DIST_DIR, 'agent', 'main.js');
/** Where `npm run build:agent` leaves one `.tar.gz` per target. */
export const AGENT_BUILDS_DIR = path.join(DIST_DIR, 'agent');
