// The contact beside a conversation (issue 18.5): details (editable with the permission), their other
// conversations, the groups they are in and the reader's next appointments with them, every time in the company's
// zone.
import { fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { ContactDrawer } from "./ContactDrawer";

const { get } = vi.hoisted(() => ({ get: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn() },
}));

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });
const page = (items: unknown[]) => ok({ items, next_cursor: null });

const contact = {
  id: "k1",
  name: "Maria Souza",
  phone: "+5511999990000",
  tags: ["vip"],
  owner_id: null,
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
};

function answers(groups: unknown, appointments: unknown, conversations = page([])) {
  get.mockImplementation(async (path: string) => {
    switch (path) {
      case "/api/v1/contacts/{id}":
        return ok(contact);
      case "/api/v1/groups":
        return groups;
      case "/api/v1/agenda/events":
        return appointments;
      case "/api/v1/conversations":
        return conversations;
      default:
        return page([]);
    }
  });
}

function showDrawer(permissions: string[]) {
  const client = testQueryClient();
  client.setQueryData(meKey, {
    user: { id: "u1", name: "Bia" },
    permissions,
    company: { timezone: "America/Sao_Paulo" },
  });
  renderWithApp(<ContactDrawer contactId="k1" onClose={() => {}} />, client);
}

beforeEach(() => get.mockReset());

describe("the contact beside a conversation", () => {
  it("shows the groups they are in and the reader's next appointments with them", async () => {
    answers(
      page([{ id: "g1", subject: "Clientes VIP" }]),
      page([{ id: "a1", title: "Entrega do bolo", starts_at: "2026-12-05T17:00:00Z" }]),
      page([{ id: "c9", status: "closed", last_message_at: "2026-11-20T13:30:00Z", labels: [] }]),
    );
    showDrawer(["agenda.use", "contacts.manage"]);
    expect(await screen.findByText("Clientes VIP")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Editar" }));
    expect(await screen.findByDisplayValue("Maria Souza")).toBeTruthy();
    expect(await screen.findByText("Entrega do bolo")).toBeTruthy();
    expect(screen.getByText(/^05\/12\/2026, 14:00/)).toBeTruthy();
    const earlier = await screen.findByRole("link", { name: /^20\/11\/2026, 10:30/ });
    expect(earlier.getAttribute("href")).toBe("/chat?c=c9");
    expect(screen.getByText("Fechada")).toBeTruthy();
    const asked = get.mock.calls.find(([path]) => path === "/api/v1/agenda/events")?.[1];
    expect(asked.params.query.contact_id).toBe("k1");
  });

  it("leaves out the agenda without its permission, and says when the contact is in no group", async () => {
    answers(page([]), page([]));
    showDrawer([]);
    expect(await screen.findByText("Não participa de nenhum grupo importado.")).toBeTruthy();
    expect(screen.queryByText("Próximos compromissos")).toBeNull();
    expect(screen.queryByRole("button", { name: "Editar" })).toBeNull();
    expect(get.mock.calls.some(([path]) => path === "/api/v1/agenda/events")).toBe(false);
  });
});
