// i18next with pt-BR first and English; each feature brings its own namespace (`<area>/i18n.ts`), loaded
// with the feature's screen (src/app/routes.tsx names the namespaces a screen needs): the first screen does
// not carry every area's texts. `common` is always there.
import i18n, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";

import { commonText } from "./common";

export const LANGUAGES = ["pt-BR", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "blocopro.language";

type Texts = Record<Language, object>;

/** Each namespace's module, loaded on first use. */
const LOADERS = {
  auth: () => import("../features/auth/i18n").then((m) => m.authText),
  users: () => import("../features/users/i18n").then((m) => m.usersText),
  departments: () => import("../features/departments/i18n").then((m) => m.departmentsText),
  channels: () => import("../features/channels/i18n").then((m) => m.channelsText),
  chat: () => import("../features/conversations/i18n").then((m) => m.chatText),
  contacts: () => import("../features/contacts/i18n").then((m) => m.contactsText),
  groups: () => import("../features/groups/i18n").then((m) => m.groupsText),
  platform: () => import("../features/platform/i18n").then((m) => m.platformText),
  settings: () => import("../app/settings/i18n").then((m) => m.settingsText),
  company: () => import("../features/company/i18n").then((m) => m.companyText),
  apiTokens: () => import("../features/api_tokens/i18n").then((m) => m.apiTokensText),
  webhooks: () => import("../features/webhooks/i18n").then((m) => m.webhooksText),
  audit: () => import("../features/audit/i18n").then((m) => m.auditText),
  agenda: () => import("../features/agenda/i18n").then((m) => m.agendaText),
} satisfies Record<string, () => Promise<Texts>>;

export type Namespace = "common" | keyof typeof LOADERS;

/** i18next asks it for a namespace not loaded yet (one a screen did not name, or the other language's). */
const lazyTexts: BackendModule = {
  type: "backend",
  init: () => undefined,
  read(language, namespace, done) {
    const load = LOADERS[namespace as keyof typeof LOADERS] as (() => Promise<Texts>) | undefined;
    if (!load) return done(new Error(`no namespace ${namespace}`), false);
    load().then(
      (text) => done(null, text[language as Language] ?? text["pt-BR"]),
      (error: Error) => done(error, false),
    );
  },
};

/** Loads these namespaces (for the current language) before a screen that uses them renders. */
export async function loadNamespaces(namespaces: Namespace[]): Promise<void> {
  if (namespaces.length > 0) await i18n.loadNamespaces(namespaces);
}

function savedLanguage(): Language {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.find((language) => language === saved) ?? "pt-BR";
}

if (typeof document !== "undefined") document.documentElement.lang = savedLanguage();

void i18n
  .use(lazyTexts)
  .use(initReactI18next)
  .init({
    resources: { "pt-BR": { common: commonText["pt-BR"] }, en: { common: commonText.en } },
    partialBundledLanguages: true,
    initAsync: false,
    lng: savedLanguage(),
    fallbackLng: "pt-BR",
    ns: ["common"],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;
