// Every namespace's texts, loaded at once: for the tests (and the checks over all texts). The app loads each
// feature's namespace with its screen (./index.ts).
import { agendaText } from "../features/agenda/i18n";
import { auditText } from "../features/audit/i18n";
import { authText } from "../features/auth/i18n";
import { channelsText } from "../features/channels/i18n";
import { apiTokensText } from "../features/api_tokens/i18n";
import { chatText } from "../features/conversations/i18n";
import { companyText } from "../features/company/i18n";
import { contactsText } from "../features/contacts/i18n";
import { departmentsText } from "../features/departments/i18n";
import { groupsText } from "../features/groups/i18n";
import { labelsText } from "../features/labels/i18n";
import { messagesText } from "../features/messages/i18n";
import { platformText } from "../features/platform/i18n";
import { quickRepliesText } from "../features/quick_replies/i18n";
import { reportsText } from "../features/reports/i18n";
import { settingsText } from "../app/settings/i18n";
import { webhooksText } from "../features/webhooks/i18n";
import { usersText } from "../features/users/i18n";
import { commonText } from "./common";
import i18n, { LANGUAGES, type Namespace } from ".";

export const NAMESPACES = {
  common: commonText,
  auth: authText,
  users: usersText,
  departments: departmentsText,
  channels: channelsText,
  chat: chatText,
  messages: messagesText,
  contacts: contactsText,
  groups: groupsText,
  platform: platformText,
  settings: settingsText,
  company: companyText,
  apiTokens: apiTokensText,
  webhooks: webhooksText,
  audit: auditText,
  agenda: agendaText,
  quickReplies: quickRepliesText,
  labels: labelsText,
  reports: reportsText,
} satisfies Record<Namespace, unknown>;

/** Puts every namespace into i18next now (component tests render screens without their routes). */
export function addAllNamespaces(): void {
  for (const [name, text] of Object.entries(NAMESPACES))
    for (const language of LANGUAGES) i18n.addResourceBundle(language, name, text[language], true, true);
}
