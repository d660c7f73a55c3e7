import { type QueryKey, keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";

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
