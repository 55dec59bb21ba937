/** A case-insensitive LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally (use with `escape '\'`). */
export const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
