import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

/** A cursor-paginated list (`{items, next_cursor}`): all loaded items and a way to load more. */
export function usePagedList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}
