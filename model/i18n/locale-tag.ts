// BCP 47 language tags as Parley stores them: canonical ("es-MX", not "es_mx"), validated by Intl.

/** The canonical tag, or null when Intl does not accept it (providers send "es_ES", "EN", ""…). */
export function canonicalLocale(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string') return null;
  const trimmed = tag.trim().replace(/_/g, '-');
  if (!trimmed || trimmed.length > 35) return null;
  try {
    return Intl.getCanonicalLocales(trimmed)[0] ?? null;
  } catch {
    return null; // RangeError: not a well-formed language tag
  }
}
