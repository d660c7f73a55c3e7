import { Alert, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { TimeZoneSelect } from "../../../components/TimeZoneSelect";
import { formatDateTime } from "../../../lib/format";
import { notifyDone } from "../../../lib/notify";
import { fieldErrors, problemMessage, problemOf } from "../../../lib/problem";
import { type Company, useCompany, useUpdateCompany } from "../api";
import { companyFieldError } from "../companyForm";

/** "Empresa": the company's name and the time zone its hours, agenda and reports are read in. */
export function CompanySettings() {
  const company = useCompany();
  return (
    <QueryState isPending={company.isPending} error={company.error}>
      {/* Not remounted by a save: the save's own feedback must outlive the refetch it causes. */}
      {company.data && <CompanyForm key={company.data.id} company={company.data} />}
    </QueryState>
  );
}

function CompanyForm({ company }: { company: Company }) {
  const { t, i18n } = useTranslation("company");
  const update = useUpdateCompany();
  const form = useForm({ initialValues: { name: company.name, timezone: company.timezone } });
  const errors = fieldErrors(update.error);
  const conflict = problemOf(update.error)?.code === "conflict";
  const values = form.getValues();
  const changed = values.name.trim() !== company.name || values.timezone !== company.timezone;
  const submit = form.onSubmit(({ name, timezone }) => {
    const body = {
      ...(name.trim() !== company.name && { name }),
      ...(timezone !== company.timezone && { timezone }),
    };
    update.mutate(body, { onSuccess: () => notifyDone(t("saved")) });
  });
  return (
    <Paper withBorder p="lg" maw={720}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t("intro")}
          </Text>
          <TextInput
            label={t("name")}
            required
            error={companyFieldError(t, "name", errors.name, conflict)}
            {...form.getInputProps("name")}
          />
          <TimeZoneSelect
            label={t("timezone")}
            description={t("timezoneHint", {
              now: formatDateTime(new Date().toISOString(), i18n.language, values.timezone, true),
            })}
            value={values.timezone}
            onChange={(timezone) => form.setFieldValue("timezone", timezone)}
            error={companyFieldError(t, "timezone", errors.timezone, conflict)}
          />
          {update.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, update.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending} disabled={!changed}>
              {t("save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
