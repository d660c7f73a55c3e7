import { type QueryKey, keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

interface Options<T> {
  /** Poll while this answers a delay for the loaded items (e.g. while a channel is pairing). */
  pollEvery?: (items: T[]) => number | false;
}

/** A cursor-paginated list (`{items, next_cursor}`): all loaded items and a way to load more. */
export function usePagedList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>,
  options: Options<T> = {},
) {
  const { pollEvery } = options;
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // A new search or filter keeps showing the previous rows until its own arrive.
    placeholderData: keepPreviousData,
    refetchInterval: pollEvery
      ? (current) => pollEvery(current.state.data?.pages.flatMap((page) => page.items) ?? [])
      : undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}

/** Pages of a list read at most, so that a server that keeps answering a cursor cannot loop us. */
const MAX_PAGES = 50;

/** Every item of a cursor-paginated list, following `next_cursor` page after page. */
export async function fetchAllPages<T>(fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (!result.next_cursor) break;
    cursor = result.next_cursor;
  }
  return items;
}

/** A whole short list at once (the departments of a select, the appointments of a month). */
export function useAllPages<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>,
  options: { enabled?: boolean; staleTime?: number } = {},
) {
  return useQuery({ queryKey, queryFn: () => fetchAllPages(fetchPage), placeholderData: keepPreviousData, ...options });
}
