import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";

import { type Area, keys, staleAfterChangeIn } from "./queryKeys";

export function invalidateArea(queryClient: QueryClient, area: Area): Promise<void[]> {
  return Promise.all(staleAfterChangeIn[area].map((stale) => queryClient.invalidateQueries({ queryKey: keys[stale] })));
}

/** A mutation of `area`: once it has run (whatever the outcome), what it may have changed is fetched again. */
export function useAreaMutation<T, R>(area: Area, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => invalidateArea(queryClient, area) });
}
