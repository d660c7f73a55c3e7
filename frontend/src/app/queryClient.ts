import { QueryClient } from "@tanstack/react-query";

import { ApiProblem } from "../api/client";

/** A 4xx will not fix itself: only network and server failures are retried. */
function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof ApiProblem && error.problem.status < 500) return false;
  return failures < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
