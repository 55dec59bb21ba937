/** Why dist/ is not a build of the sources: an empty list when it is. */
export function staleReasons(root?: string): string[];
