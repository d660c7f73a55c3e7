// Renders a component as the app does (Mantine, dates, query cache, router, i18n in pt-BR) for
// component tests; the query cache can be filled first so that no request is needed.
import { MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";

import i18n from "../i18n";

export function testQueryClient(): QueryClient {
  // Seeded data stays fresh: a test never waits on a refetch it did not ask for.
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

/** `path`: the address the router starts at. */
export function renderWithApp(ui: ReactNode, queryClient = testQueryClient(), path = "/") {
  void i18n.changeLanguage("pt-BR");
  return render(
    <MantineProvider>
      <DatesProvider settings={{ locale: "pt-br" }}>
        <Notifications />
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>,
  );
}
