// i18next with pt-BR first and English; each feature brings its own namespace (`<area>/i18n.ts`), loaded
// with the feature's screen (src/app/routes.tsx names the namespaces a screen needs): the first screen does
// not carry every area's texts. `common` and `auth` (the login page's) are always there.
import i18n, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";

import { authText } from "../features/auth/i18n";
import { commonText } from "./common";
import { TEXT_LOADERS } from "./loaders";

export const LANGUAGES = ["pt-BR", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "blocopro.language";

type Texts = Record<Language, object>;

export type Namespace = "common" | "auth" | keyof typeof TEXT_LOADERS;

/** i18next asks it for a namespace not loaded yet (one a screen did not name, or the other language's). */
const lazyTexts: BackendModule = {
  type: "backend",
  init: () => undefined,
  read(language, namespace, done) {
    const load = TEXT_LOADERS[namespace as keyof typeof TEXT_LOADERS] as (() => Promise<Texts>) | undefined;
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
    resources: {
      "pt-BR": { common: commonText["pt-BR"], auth: authText["pt-BR"] },
      en: { common: commonText.en, auth: authText.en },
    },
    partialBundledLanguages: true,
    initAsync: false,
    lng: savedLanguage(),
    fallbackLng: "pt-BR",
    ns: ["common", "auth"],
    defaultNS: "common",
    interpolation: { escapeValue: false },
  });

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;
