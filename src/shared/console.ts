import { z } from 'zod'
import { profileIdSchema } from './connection'

/** Rows and bytes a console result may hold (docs/reliability-and-safety.md R5: 10,000 rows / 50 MB). */
export const CONSOLE_LIMITS = {
  maxRows: 10_000,
  maxBytes: 50 * 1024 * 1024,
  /** A longer single value (a Redis string) is read only up to this many bytes. */
  maxValueBytes: 1024 * 1024
} as const

export const consoleRunInput = z
  .object({
    connectionId: profileIdSchema,
    text: z
      .string()
      .min(1, 'type a statement first')
      .max(1024 * 1024, 'a statement may be at most 1 MB'),
    maxRows: z.number().int().min(1).max(CONSOLE_LIMITS.maxRows).optional()
  })
  .strict()

export type ConsoleRunInput = z.infer<typeof consoleRunInput>

export type ConsoleCell = string | null

export type ConsoleResult =
  | {
      kind: 'rows'
      columns: string[]
      /** Every value as text: the renderer never interprets server data. */
      rows: ConsoleCell[][]
      /** Rows returned here (after the cap). */
      rowCount: number
      /** `value`: one value was read only up to `limit` of its `fullBytes` bytes. */
      truncated:
        | null
        | { reason: 'rows' | 'bytes'; limit: number }
        | { reason: 'value'; limit: number; fullBytes: number }
      elapsedMs: number
    }
  | {
      /** Not provably read-only: the same guarded path as every destructive action. */
      kind: 'confirmation-required'
      reason: string
      action: string
      target: Record<string, unknown>
    }
