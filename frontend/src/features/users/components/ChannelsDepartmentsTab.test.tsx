import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { Permission } from "../../../app/permissions";
import { keys } from "../../../lib/queryKeys";
import { meWith } from "../../../test/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { channelOptionsKey } from "../../channels/api";
import type { Department } from "../../departments/api";
import { type UserView, userChannelsKey } from "../api";
import { ChannelsDepartmentsTab } from "./ChannelsDepartmentsTab";

const departmentOptionsKey = [...keys.departments, "all"];

// Creating a department answers it and adds it to the cached options, as the refetch after a real one does.
vi.mock("../../departments/api", async (original) => ({
  ...(await original<typeof import("../../departments/api")>()),
  useCreateDepartment: () => {
    const queryClient = useQueryClient();
    return useMutation({
      mutationFn: async (name: string): Promise<Department> => ({ id: `new-${name}`, name, created_at: "" }),
      onSuccess: (created) =>
        queryClient.setQueryData(departmentOptionsKey, (all: Department[] = []) => [...all, created]),
    });
  },
}));

const dora = { id: "dora", name: "Dora", department_ids: [] as string[] } as UserView;

function tab(permissions: Permission[]) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(keys.me, meWith(permissions));
  queryClient.setQueryData(channelOptionsKey, []);
  queryClient.setQueryData(userChannelsKey(dora.id), { channel_ids: [] });
  queryClient.setQueryData(departmentOptionsKey, [{ id: "fin", name: "Financeiro", created_at: "" }]);
  renderWithApp(<ChannelsDepartmentsTab user={dora} canManage />, queryClient);
}

describe("Canais e departamentos", () => {
  it("creates a department on the spot and picks it for the attendant, to be saved with the others", async () => {
    tab(["users.manage", "departments.manage"]);
    fireEvent.click(screen.getByRole("button", { name: "Novo departamento" }));
    fireEvent.change(screen.getByLabelText("Nome do novo departamento"), { target: { value: "Comercial" } });
    fireEvent.click(screen.getByRole("button", { name: "Criar" }));
    const card = screen.getByRole("heading", { name: "Departamentos" }).closest<HTMLElement>(".mantine-Paper-root")!;
    await waitFor(() => expect(within(card).getByText("Comercial")).toBeTruthy());
    expect(screen.queryByLabelText("Nome do novo departamento")).toBeNull();
    const saves = within(card).getAllByRole("button", { name: "Salvar" });
    expect(saves[0]).toHaveProperty("disabled", false);
  });

  it("offers it only to who may manage departments", () => {
    tab(["users.manage"]);
    expect(screen.queryByRole("button", { name: "Novo departamento" })).toBeNull();
  });
});
