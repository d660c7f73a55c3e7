import { texts } from "../../i18n/text";

export const settingsText = texts(
  {
    title: "Configurações",
    nothing: "Nenhuma área de configuração está liberada para você.",
    tabs: {
      users: "Atendentes",
      departments: "Departamentos",
      channels: "Canais",
      quickReplies: "Respostas rápidas",
      labels: "Etiquetas",
      groups: "Grupos de WhatsApp",
      company: "Empresa",
      tokens: "Tokens de API",
      webhooks: "Webhooks",
      audit: "Auditoria",
    },
  },
  {
    title: "Settings",
    nothing: "No settings area is open to you.",
    tabs: {
      users: "Attendants",
      departments: "Departments",
      channels: "Channels",
      quickReplies: "Quick replies",
      labels: "Labels",
      groups: "WhatsApp groups",
      company: "Company",
      tokens: "API tokens",
      webhooks: "Webhooks",
      audit: "Audit log",
    },
  },
);
