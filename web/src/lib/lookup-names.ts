/** id → label map for showing names of related records when a DTO carries only the id. */
export function nameMap<T extends { id: string }>(items: T[] | undefined, label: (item: T) => string): Map<string, string> {
  return new Map((items ?? []).map((i) => [i.id, label(i)]));
}
