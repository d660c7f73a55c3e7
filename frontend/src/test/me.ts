import type { Me, Permission } from "../app/permissions";

/** Who is signed in, for tests: Dora, an attendant of Padaria Pão Quente holding `permissions`. */
export function meWith(permissions: Permission[], timezone = "America/Sao_Paulo"): Me {
  return {
    permissions,
    presence: "online",
    company: {
      id: "c",
      name: "Padaria Pão Quente",
      timezone,
      active: true,
      features: { whatsapp_groups: true },
      created_at: "2026-11-25T00:00:00Z",
    },
    user: {
      id: "u",
      name: "Dora",
      email: "dora@padaria.test",
      status: "active",
      view_full_wallet: false,
      is_admin: false,
      agenda_access: permissions.includes("agenda.use"),
      visibility: "own",
      permissions,
      department_ids: [],
      created_at: "2026-11-25T00:00:00Z",
      updated_at: "2026-11-25T00:00:00Z",
    },
  };
}
