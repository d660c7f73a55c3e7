// dayjs's pt-BR names of months and weekdays, which @mantine/dates' pickers show (DatesProvider picks the locale).
// Imported by the modules that show a picker, not by the entry: no first screen shows one.
import "dayjs/locale/pt-br";
