import { Select, type SelectProps } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { knownZones, zoneGroups } from "../lib/timeZones";

type Props = Omit<SelectProps, "data" | "value" | "onChange"> & {
  value: string;
  onChange: (zone: string) => void;
};

/** A searchable select of IANA time zones, the ones used in Brazil first. */
export function TimeZoneSelect({ value, onChange, ...props }: Props) {
  const { t } = useTranslation();
  const data = useMemo(() => zoneGroups(value, knownZones(), t("timeZones.common"), t("timeZones.all")), [value, t]);
  return (
    <Select
      data={data}
      value={value}
      onChange={(zone) => zone && onChange(zone)}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t("timeZones.nothingFound")}
      maxDropdownHeight={280}
      {...props}
    />
  );
}
