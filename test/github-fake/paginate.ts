/**
 * One page of `items` as GitHub pages its lists: `per_page` from the request (default 30, at most
 * 100), `page` (1-based), and an RFC 8288 `Link` header with prev/first/next/last as absolute URLs.
 */
export function pageOf(
  items: readonly unknown[],
  url: URL,
  apiUrl: string,
): { body: unknown[]; link?: string } {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page')) || 30))
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (n: number, rel: string): string => {
    const target = new URL(url.pathname, apiUrl)
    target.searchParams.set('per_page', String(perPage))
    target.searchParams.set('page', String(n))
    return `<${target.href}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  const body = items.slice((page - 1) * perPage, page * perPage)
  return links.length > 0 ? { body, link: links.join(', ') } : { body }
}
