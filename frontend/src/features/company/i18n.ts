import { texts } from "../../i18n/text";

export const companyText = texts(
  {
    intro:
      "Todas as datas e horas do BlocoPro são mostradas no fuso horário da empresa, que vale também para a agenda, os relatórios e como padrão do bloqueio de acesso por horário de novos atendentes.",
    name: "Nome da empresa",
    timezone: "Fuso horário",
    timezoneHint: "Agora nesse fuso: {{now}}",
    save: "Salvar alterações",
    saved: "Dados da empresa salvos.",
    errors: {
      nameRequired: "Informe o nome da empresa.",
      nameTooLong: "Nome longo demais.",
      nameTaken: "Outra empresa já usa esse nome.",
      timezone: "Escolha um fuso horário válido (ex.: America/Sao_Paulo).",
    },
  },
  {
    intro:
      "Every date and time in BlocoPro is shown in the company's time zone, which also rules the agenda, the reports, and is the default of new attendants' access hours.",
    name: "Company name",
    timezone: "Time zone",
    timezoneHint: "Now in this zone: {{now}}",
    save: "Save changes",
    saved: "Company details saved.",
    errors: {
      nameRequired: "Enter the company's name.",
      nameTooLong: "Name too long.",
      nameTaken: "Another company already uses this name.",
      timezone: "Choose a valid time zone (e.g. America/Sao_Paulo).",
    },
  },
);
