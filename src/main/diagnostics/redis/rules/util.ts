/** Small helpers the Redis rules share. */
import type { EvidenceUnit, Finding, FindingSubject } from '../../../../shared/findings'
import { infoNumber, type RedisInfo } from '../parse-info'

export const MB = 1024 * 1024
export const GB = 1024 * MB

export const fmtBytes = (n: number): string => {
  const abs = Math.abs(n)
  if (abs >= GB) return `${(n / GB).toFixed(2)} GB`
  if (abs >= MB) return `${(n / MB).toFixed(1)} MB`
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${n} B`
}

export { finding, notEvaluated } from '../../finding'

/** Reads numbers from INFO; `missing` lists the fields a rule needed and did not find. */
export const numbers = <K extends string>(
  info: RedisInfo,
  fields: readonly K[]
): { values: Record<K, number | null>; missing: K[] } => {
  const values = {} as Record<K, number | null>
  const missing: K[] = []
  for (const f of fields) {
    values[f] = infoNumber(info, f)
    if (values[f] === null) missing.push(f)
  }
  return { values, missing }
}

/** Sorted slot numbers -> `0-5460`, `7000` style ranges. */
export const slotRanges = (slots: number[]): string[] => {
  const out: string[] = []
  let start = -1
  let prev = -2
  for (const s of slots) {
    if (s !== prev + 1) {
      if (start !== -1) out.push(start === prev ? String(start) : `${start}-${prev}`)
      start = s
    }
    prev = s
  }
  if (start !== -1) out.push(start === prev ? String(start) : `${start}-${prev}`)
  return out
}

export type Units = Readonly<Record<string, EvidenceUnit>>

/**
 * Gives findings what the UI needs, decided here: the subject (the node itself unless the rule named
 * another), and the units of the evidence fields each finding carries.
 */
export const described = (
  findings: Finding[],
  units: Units,
  subject: (f: Finding) => FindingSubject | undefined
): Finding[] =>
  findings.map((f) => {
    const own = Object.fromEntries(Object.entries(units).filter(([field]) => field in f.evidence))
    const about = f.subject ?? subject(f)
    return {
      ...f,
      ...(about ? { subject: about } : {}),
      ...(Object.keys(own).length > 0 ? { units: own } : {})
    }
  })

/** The node a finding is about, when known (pasted output has none). */
export const nodeSubject = (node: string | null): FindingSubject | undefined =>
  node === null ? undefined : { kind: 'node', name: node, node }

/** Findings about the node the records come from. */
export const onNode = (findings: Finding[], node: string | null, units: Units): Finding[] =>
  described(findings, units, () => nodeSubject(node))
