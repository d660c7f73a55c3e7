type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** A namespace's texts in both languages; English must have every key pt-BR has. */
export function texts<T extends object>(ptBR: T, en: Shape<T>) {
  return { "pt-BR": ptBR, en } as const;
}
