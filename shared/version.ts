import pkg from '../package.json' with { type: 'json' };

/** The product version, from package.json: agents report it, the server shows it. */
export const VERSION: string = pkg.version;
