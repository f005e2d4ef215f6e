import type { EvidenceUnit, Finding, FindingRemedy, FindingSubject } from '../../../shared/findings'

export { finding } from '../finding'

export const fmt = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 })

/** A finding with what the UI needs besides its text: what it is about, its remedy, its evidence units. */
export const about = (
  f: Finding,
  subject: FindingSubject | null,
  more: { units?: Record<string, EvidenceUnit>; remedy?: FindingRemedy | undefined } = {}
): Finding => ({
  ...f,
  ...(subject ? { subject } : {}),
  ...(more.remedy ? { remedy: more.remedy } : {}),
  ...(more.units ? { units: more.units } : {})
})

/** The node a record set comes from: the check's node, else the host the server reported. */
export const nodeSubject = (node: string | null, host: string | null = null): FindingSubject | null => {
  const name = node ?? host
  return name === null ? null : { kind: 'node', name }
}
