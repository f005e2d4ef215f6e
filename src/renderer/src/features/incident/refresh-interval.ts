/** Refresh choices for the incident screen; 10 s is the default (issue 9.1). */
export const REFRESH_CHOICES_MS = [5_000, 10_000, 30_000, 60_000] as const
export const DEFAULT_REFRESH_MS = 10_000
const STORAGE_KEY = 'dbconsole.incident.refreshMs'

export const parseRefreshMs = (raw: string | null): number => {
  const n = Number(raw)
  return (REFRESH_CHOICES_MS as readonly number[]).includes(n) ? n : DEFAULT_REFRESH_MS
}

export const loadRefreshMs = (): number => {
  try {
    return parseRefreshMs(localStorage.getItem(STORAGE_KEY))
  } catch {
    return DEFAULT_REFRESH_MS
  }
}

export const saveRefreshMs = (ms: number): void => {
  try {
    localStorage.setItem(STORAGE_KEY, String(ms))
  } catch {
    // Storage full or disabled: the choice lasts for this session only.
  }
}
