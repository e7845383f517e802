/** A feature's texts in both languages; Korean must have every English key (checked by the compiler). */
export function defineMessages<const K extends string>(messages: { en: Record<K, string>; ko: NoInfer<Record<K, string>> }): {
  en: Record<K, string>
  ko: Record<K, string>
} {
  return messages
}
