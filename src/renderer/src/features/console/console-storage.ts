/** Per-connection drafts and statement history in localStorage: they survive a reload or a crash. */
import { redact } from '../../../../shared/redact'

export const HISTORY_LIMIT = 50

export interface HistoryEntry {
  text: string
  at: number
}

const draftKey = (connectionId: string) => `dbconsole.console.draft.${connectionId}`
const historyKey = (connectionId: string) => `dbconsole.console.history.${connectionId}`

/** Newest first, no immediate repeat, at most HISTORY_LIMIT entries; passwords masked before storing. */
export const addToHistory = (history: HistoryEntry[], text: string, at: number): HistoryEntry[] => {
  if (text.trim() === '') return history
  const kept = redact(text)
  const rest = history.filter((h) => h.text !== kept)
  return [{ text: kept, at }, ...rest].slice(0, HISTORY_LIMIT)
}

/** Anything unreadable (another version, hand-edited storage) becomes an empty history, not a crash. */
export const parseHistory = (raw: string | null): HistoryEntry[] => {
  if (raw === null) return []
  try {
    const value: unknown = JSON.parse(raw)
    if (!Array.isArray(value)) return []
    return value
      .filter(
        (v): v is HistoryEntry =>
          typeof v === 'object' &&
          v !== null &&
          typeof (v as HistoryEntry).text === 'string' &&
          typeof (v as HistoryEntry).at === 'number'
      )
      .slice(0, HISTORY_LIMIT)
  } catch {
    return []
  }
}

const read = (key: string): string | null => {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

const write = (key: string, value: string): void => {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Storage full or disabled: keeping the text in the editor is all we can do.
  }
}

export const loadDraft = (connectionId: string): string => read(draftKey(connectionId)) ?? ''
export const saveDraft = (connectionId: string, text: string): void => write(draftKey(connectionId), text)
export const loadHistory = (connectionId: string): HistoryEntry[] =>
  parseHistory(read(historyKey(connectionId)))
export const saveHistory = (connectionId: string, history: HistoryEntry[]): void =>
  write(historyKey(connectionId), JSON.stringify(history))
