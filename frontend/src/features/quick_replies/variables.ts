// The variables a quick reply's text may name (the server's list: domain `quick_reply::VARIABLES`); their
// descriptions are in the `quickReplies` texts (`variable.<name>`).
export const VARIABLES = ["primeiro_nome", "nome", "telefone", "nome_atendente", "primeiro_nome_atendente"] as const;
