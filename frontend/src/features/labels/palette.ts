// The colours a label may take: Mantine's palette by name (as the API accepts them), or any `#rrggbb`.

export const PALETTE = [
  "gray",
  "red",
  "pink",
  "grape",
  "violet",
  "indigo",
  "blue",
  "cyan",
  "teal",
  "green",
  "lime",
  "yellow",
  "orange",
] as const;

export type PaletteColour = (typeof PALETTE)[number];

export function isPaletteColour(colour: string): colour is PaletteColour {
  return (PALETTE as readonly string[]).includes(colour);
}

/** What CSS draws for a label's colour: the palette's filled shade, or the hex itself. */
export function cssColour(colour: string): string {
  return isPaletteColour(colour) ? `var(--mantine-color-${colour}-filled)` : colour;
}
