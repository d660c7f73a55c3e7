// i18next with pt-BR first and English; each feature brings its own namespace (`<area>/i18n.ts`).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import { agendaText } from "../features/agenda/i18n";
import { auditText } from "../features/audit/i18n";
import { authText } from "../features/auth/i18n";
import { channelsText } from "../features/channels/i18n";
import { apiTokensText } from "../features/api_tokens/i18n";
import { chatText } from "../features/conversations/i18n";
import { companyText } from "../features/company/i18n";
import { contactsText } from "../features/contacts/i18n";
import { departmentsText } from "../features/departments/i18n";
import { groupsText } from "../features/groups/i18n";
import { messagesText } from "../features/messages/i18n";
import { platformText } from "../features/platform/i18n";
import { settingsText } from "../app/settings/i18n";
import { webhooksText } from "../features/webhooks/i18n";
import { usersText } from "../features/users/i18n";
import { commonText } from "./common";

export const LANGUAGES = ["pt-BR", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "blocopro.language";

export const NAMESPACES = {
  common: commonText,
  auth: authText,
  users: usersText,
  departments: departmentsText,
  channels: channelsText,
  chat: chatText,
  messages: messagesText,
  contacts: contactsText,
  groups: groupsText,
  platform: platformText,
  settings: settingsText,
  company: companyText,
  apiTokens: apiTokensText,
  webhooks: webhooksText,
  audit: auditText,
  agenda: agendaText,
};

function resources(language: Language) {
  return Object.fromEntries(Object.entries(NAMESPACES).map(([name, text]) => [name, text[language]]));
}

function savedLanguage(): Language {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.find((language) => language === saved) ?? "pt-BR";
}

if (typeof document !== "undefined") document.documentElement.lang = savedLanguage();

void i18n.use(initReactI18next).init({
  resources: { "pt-BR": resources("pt-BR"), en: resources("en") },
  lng: savedLanguage(),
  fallbackLng: "pt-BR",
  defaultNS: "common",
  interpolation: { escapeValue: false },
});

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;
