import { texts } from "../../i18n/text";

export const auditText = texts(
  {
    title: "Auditoria",
    description: "Quem mudou o quê na configuração da empresa, do mais recente ao mais antigo.",
    columns: { at: "Quando", actor: "Quem", action: "Ação", target: "Sobre" },
    actors: { user: "Usuário", operator: "Operador", api_token: "Token de API", system: "Sistema" },
    you: "Você",
    details: "Detalhes",
    empty: "Nenhuma alteração registrada ainda.",
  },
  {
    title: "Audit log",
    description: "Who changed what in the company's configuration, newest first.",
    columns: { at: "When", actor: "Who", action: "Action", target: "About" },
    actors: { user: "User", operator: "Operator", api_token: "API token", system: "System" },
    you: "You",
    details: "Details",
    empty: "No changes recorded yet.",
  },
);
