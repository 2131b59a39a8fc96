/**
 * Breadth-first order over a site's pages: level by level from the start page, each level's links in
 * the order of the pages they were found on and of the links in each page, at most `limit` pages.
 * The pages of a level are visited `concurrency` at a time; the order does not depend on which
 * finishes first, so the same site gives the same pages every time.
 */
export async function breadthFirst(
  start: string,
  limit: number,
  concurrency: number,
  visit: (url: string) => Promise<string[]>,
): Promise<string[]> {
  const seen = new Set([start]);
  const visited: string[] = [];
  let level = [start];
  while (level.length > 0 && visited.length < limit) {
    const batch = level.slice(0, limit - visited.length);
    visited.push(...batch);
    const links = await mapConcurrently(batch, concurrency, visit);
    level = [];
    for (const url of links.flat())
      if (!seen.has(url)) {
        seen.add(url);
        level.push(url);
      }
  }
  return visited;
}

/** `fn` over `items`, at most `concurrency` at once, results in the order of `items`. */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * The links of a page worth following: http(s) on the same origin (scheme, host and port), without
 * their fragment (`/a#b` is `/a`), in document order, each once.
 */
export function sameOriginLinks(hrefs: readonly string[], origin: string): string[] {
  const links = new Set<string>();
  for (const href of hrefs) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (url.origin !== origin) continue;
    url.hash = '';
    links.add(url.href);
  }
  return [...links];
}
