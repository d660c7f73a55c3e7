import { MantineProvider, createTheme } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router";

import { Notifications } from "./Notifications";
import { createQueryClient } from "./queryClient";
import { seedFirstScreen } from "./seedFirstScreen";
import { AppRoutes } from "./routes";

const theme = createTheme({
  primaryColor: "teal",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  defaultRadius: "md",
});

export function App() {
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    seedFirstScreen(client);
    return client;
  });
  const { i18n } = useTranslation();
  return (
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: i18n.language === "en" ? "en" : "pt-br" }}>
        <Notifications />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
