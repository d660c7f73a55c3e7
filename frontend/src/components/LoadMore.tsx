import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Carregar mais" under a cursor-paginated list, while the server has more. */
export function LoadMore({ list }: { list: PagedList }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <Group justify="center" p="sm">
      <Button variant="subtle" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {t("actions.loadMore")}
      </Button>
    </Group>
  );
}
