import { texts } from "../../i18n/text";

export const departmentsText = texts(
  {
    title: "Departamentos",
    description: "Setores da empresa (Financeiro, RH, Comercial…). Atendentes e grupos são ligados a departamentos.",
    name: "Nome do departamento",
    add: "Adicionar",
    rename: "Renomear",
    renameTitle: "Renomear departamento",
    deleteTitle: "Excluir o departamento {{name}}?",
    deleteMessage: "Os atendentes e grupos ligados a ele ficam sem esse departamento.",
    empty: "Nenhum departamento ainda. Crie o primeiro acima.",
    created: "Departamento criado.",
  },
  {
    title: "Departments",
    description: "The company's teams (Finance, HR, Sales…). Attendants and groups are linked to departments.",
    name: "Department name",
    add: "Add",
    rename: "Rename",
    renameTitle: "Rename department",
    deleteTitle: "Delete the department {{name}}?",
    deleteMessage: "Attendants and groups linked to it are left without this department.",
    empty: "No departments yet. Create the first one above.",
    created: "Department created.",
  },
);
