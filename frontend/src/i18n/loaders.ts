// Each feature's texts (its i18n namespace), loaded on first use; no static import, so that the first screen
// does not carry every area's texts.
import type { Language } from ".";

type Texts = Record<Language, object>;

export const TEXT_LOADERS = {
  users: () => import("../features/users/i18n").then((m) => m.usersText),
  departments: () => import("../features/departments/i18n").then((m) => m.departmentsText),
  channels: () => import("../features/channels/i18n").then((m) => m.channelsText),
  chat: () => import("../features/conversations/i18n").then((m) => m.chatText),
  messages: () => import("../features/messages/i18n").then((m) => m.messagesText),
  contacts: () => import("../features/contacts/i18n").then((m) => m.contactsText),
  groups: () => import("../features/groups/i18n").then((m) => m.groupsText),
  platform: () => import("../features/platform/i18n").then((m) => m.platformText),
  settings: () => import("../app/settings/i18n").then((m) => m.settingsText),
  company: () => import("../features/company/i18n").then((m) => m.companyText),
  apiTokens: () => import("../features/api_tokens/i18n").then((m) => m.apiTokensText),
  webhooks: () => import("../features/webhooks/i18n").then((m) => m.webhooksText),
  audit: () => import("../features/audit/i18n").then((m) => m.auditText),
  agenda: () => import("../features/agenda/i18n").then((m) => m.agendaText),
  quickReplies: () => import("../features/quick_replies/i18n").then((m) => m.quickRepliesText),
  labels: () => import("../features/labels/i18n").then((m) => m.labelsText),
  reports: () => import("../features/reports/i18n").then((m) => m.reportsText),
} satisfies Record<string, () => Promise<Texts>>;
