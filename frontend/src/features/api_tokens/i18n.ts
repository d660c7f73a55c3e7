import { texts } from "../../i18n/text";

export const apiTokensText = texts(
  {
    intro:
      "Integradores usam estes tokens na API REST (Authorization: Bearer bp_…). Cada token só pode o que suas permissões dizem.",
    add: "Novo token",
    name: "Nome",
    namePlaceholder: "Integração ERP",
    permissions: "Permissões do token",
    permissionsHint: "Só as permissões que você tem podem ser dadas.",
    created: "Criado em",
    lastUsed: "Último uso",
    never: "nunca",
    empty: "Nenhum token ainda.",
    secretTitle: "Token criado",
    deleteTitle: "Revogar o token {{name}}?",
    deleteMessage: "Integrações que usam este token deixam de funcionar na hora.",
    revoked: "Token revogado.",
    revoke: "Revogar {{name}}",
  },
  {
    intro:
      "Integrators use these tokens with the REST API (Authorization: Bearer bp_…). A token can only do what its permissions say.",
    add: "New token",
    name: "Name",
    namePlaceholder: "ERP integration",
    permissions: "Token permissions",
    permissionsHint: "Only permissions you hold can be given.",
    created: "Created",
    lastUsed: "Last used",
    never: "never",
    empty: "No tokens yet.",
    secretTitle: "Token created",
    deleteTitle: "Revoke the token {{name}}?",
    deleteMessage: "Integrations using this token stop working at once.",
    revoked: "Token revoked.",
    revoke: "Revoke {{name}}",
  },
);
