// Next prefixes its own links with the base path, but not plain <a href> to files in public/.
export const BASE_PATH_PREFIX = process.env.NEXT_PUBLIC_BASE_PATH ?? '';
