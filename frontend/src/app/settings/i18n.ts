import { texts } from "../../i18n/text";

export const settingsText = texts(
  {
    title: "Configurações",
    description: "Dados da empresa e integrações: tokens de API e webhooks.",
    tabs: { company: "Empresa", tokens: "Tokens de API", webhooks: "Webhooks" },
  },
  {
    title: "Settings",
    description: "Company details and integrations: API tokens and webhooks.",
    tabs: { company: "Company", tokens: "API tokens", webhooks: "Webhooks" },
  },
);
