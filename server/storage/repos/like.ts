/** `text` with LIKE's own wildcards taken literally (use with `escape '\'`). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A case-insensitive LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally (use with `escape '\'`). */
export const containsPattern = (text: string) => `%${escapeLike(text.toLowerCase())}%`;
