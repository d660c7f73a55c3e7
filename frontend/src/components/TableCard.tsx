import { Paper, Table, type TableProps } from "@mantine/core";
import type { ReactNode } from "react";

import { QueryState, type QueryStateProps } from "./QueryState";

interface Props extends Omit<QueryStateProps, "children"> {
  /** The header cells (`<Table.Th>`s); none for a list without headers. */
  head?: ReactNode;
  /** Under the table, e.g. "Carregar mais". */
  footer?: ReactNode;
  tableProps?: TableProps;
  /** The rows (`<Table.Tr>`s). */
  children: ReactNode;
}

/** A list screen's table in a card, with its loading, error and empty states. */
export function TableCard({ head, footer, tableProps, children, ...state }: Props) {
  return (
    <Paper withBorder>
      <QueryState {...state}>
        <Table verticalSpacing="sm" {...tableProps}>
          {head && (
            <Table.Thead>
              <Table.Tr>{head}</Table.Tr>
            </Table.Thead>
          )}
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
        {footer}
      </QueryState>
    </Paper>
  );
}
