import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { keys } from "../lib/queryKeys";
import { meWith } from "../test/me";
import { renderWithApp, testQueryClient } from "../test/render";
import { HeaderControls } from "./HeaderControls";

describe("the account menu", () => {
  it("loads when the avatar is first clicked and opens at once", async () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(keys.me, meWith([]));
    renderWithApp(<HeaderControls />, queryClient);
    expect(screen.queryByRole("menu", { hidden: true })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: /^Sua conta/ }));
    // The first import of the menu is transformed on the spot. (jsdom lays nothing out: the placed dropdown is
    // hidden from it, hence `hidden`; a closed menu has no items at all.)
    const menu = await screen.findByRole("menu", { hidden: true }, { timeout: 15_000 });
    // jsdom has no browser notifications to allow: only the chime's switch is offered.
    expect([...menu.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent)).toEqual([
      "Português",
      "English",
      "Som das notificaçõesLigado",
      "Sair",
    ]);
  });
});

describe("the presence switch", () => {
  it("is in the header before who I am arrives, none of its choices marked, then marks mine", async () => {
    const queryClient = testQueryClient();
    // Who I am is still being read: nothing in the cache, and a request that never answers.
    queryClient.setQueryDefaults(keys.me, { queryFn: () => new Promise(() => undefined) });
    renderWithApp(<HeaderControls />, queryClient);
    const choices = screen.getAllByRole("radio") as HTMLInputElement[];
    expect(choices.map((choice) => choice.labels?.[0]?.textContent)).toEqual(["Online", "Ausente", "Offline"]);
    expect(choices.some((choice) => choice.checked)).toBe(false);
    act(() => queryClient.setQueryData(keys.me, { ...meWith([]), presence: "away" }));
    await waitFor(() =>
      expect((screen.getByRole("radio", { name: "Ausente" }) as HTMLInputElement).checked).toBe(true),
    );
  });
});
