import { texts } from "../../i18n/text";

export const authText = texts(
  {
    title: "Entrar",
    subtitle: "Atendimento pelo WhatsApp da sua empresa",
    email: "E-mail",
    password: "Senha",
    submit: "Entrar",
    required: "Preencha este campo.",
    expired: "Sua sessão terminou. Entre de novo.",
    loggedOut: "Você saiu. Até logo!",
    errors: {
      invalid_credentials: "E-mail ou senha incorretos.",
      login_locked: "Muitas tentativas erradas. O acesso está bloqueado até {{until}}.",
      user_inactive: "Seu usuário está inativo. Fale com o administrador da sua empresa.",
      company_inactive: "O acesso da sua empresa está suspenso. Entre em contato com o Departamento Comercial.",
      outside_access_hours: "Fora do seu horário de acesso. Você poderá entrar a partir de {{next}}.",
      outside_access_hours_never: "Fora do seu horário de acesso.",
    },
  },
  {
    title: "Log in",
    subtitle: "Customer service on your company's WhatsApp",
    email: "E-mail",
    password: "Password",
    submit: "Log in",
    required: "Fill in this field.",
    expired: "Your session ended. Please log in again.",
    loggedOut: "You logged out. See you soon!",
    errors: {
      invalid_credentials: "Wrong e-mail or password.",
      login_locked: "Too many failed attempts. Access is locked until {{until}}.",
      user_inactive: "Your user is inactive. Ask your company's administrator.",
      company_inactive: "Your company's access is suspended. Contact the Sales Department.",
      outside_access_hours: "Outside your access hours. You may log in from {{next}}.",
      outside_access_hours_never: "Outside your access hours.",
    },
  },
);
