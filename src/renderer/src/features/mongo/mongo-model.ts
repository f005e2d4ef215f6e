/**
 * The Mongo page's tints come from the rule findings about each row (their subject), never from
 * thresholds recomputed here: the records (profile shapes, members with their lag) arrive shaped by main.
 */
import type { Finding, FindingSubject, SubjectKind } from '../../../../shared/findings'

export type Tone = 'bad' | 'warn' | undefined

const TONES: Record<Finding['severity'], Tone> = { critical: 'bad', warning: 'warn', info: undefined }

/** What a row is: the subject kind and name the rules give it, and the node it was read on. */
export interface RowSubject {
  kind: SubjectKind
  name: string
  node?: string
}

const sameSubject = (s: FindingSubject | undefined, row: RowSubject): boolean =>
  s !== undefined &&
  s.kind === row.kind &&
  s.name === row.name &&
  (row.node === undefined || s.node === undefined || s.node === row.node)

/** The tone of the worst finding about the row (of one rule when given); none when no rule found anything. */
export const toneFor = (findings: readonly Finding[], row: RowSubject, rule?: string): Tone => {
  let tone: Tone
  for (const f of findings) {
    if (!sameSubject(f.subject, row) || (rule !== undefined && f.rule !== rule)) continue
    const t = TONES[f.severity]
    if (t === 'bad') return t
    tone ??= t
  }
  return tone
}
