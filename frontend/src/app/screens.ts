// Each screen's module (but the login page's, in the entry), loaded when its route first opens (routes.tsx). Nothing here is imported statically: each is a chunk of its own.
export const screens = {
  operatorLogin: () => import("../features/platform/routes/OperatorLoginPage"),
  platform: () => import("../features/platform/routes/PlatformPage"),
  shell: () => import("./AppLayout"),
  chat: () => import("../features/conversations/routes/ChatPage"),
  contacts: () => import("../features/contacts/routes/ContactsPage"),
  agenda: () => import("../features/agenda/routes/AgendaPage"),
  settings: () => import("./settings/SettingsLayout"),
  users: () => import("../features/users/routes/UsersPage"),
  user: () => import("../features/users/routes/UserPage"),
  departments: () => import("../features/departments/routes/DepartmentsPage"),
  channels: () => import("../features/channels/routes/ChannelsPage"),
  groups: () => import("../features/groups/routes/GroupsPage"),
  company: () => import("../features/company/components/CompanySettings"),
  apiTokens: () => import("../features/api_tokens/components/ApiTokens"),
  webhooks: () => import("../features/webhooks/components/Webhooks"),
  audit: () => import("../features/audit/routes/AuditPage"),
};
