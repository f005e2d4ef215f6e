/**
 * The one shape of an engine's diagnostics (docs/architecture.md "Diagnostics pipeline"): probes that
 * fetch raw server output, a parser per probe that turns it into typed records (or a failure that says
 * what and where), and rules that declare which probes' records they need. The live sweep,
 * `dbconsole check`, the overview poll and `dbconsole analyze` all end in `evaluateRules`: a pasted INFO
 * is the INFO probe's output, pasted, read by the same parser and judged by the rules whose needs it meets.
 */
import type { EngineKind } from '../../../shared/connection'
import type { Finding } from '../../../shared/findings'
import { notEvaluated } from '../finding'
import type { ParseResult } from '../parse-result'

/** What one probe gave: its typed records, or why there are none (the rules say so, never silence). */
export type ProbeOutcome<T> = { ok: true; value: T } | { ok: false; why: string }

/** Typed records of every probe that ran, by probe id; a probe that was not run is absent. */
export type ProbeOutcomes<R> = { [K in keyof R]?: ProbeOutcome<R[K]> }

/**
 * One read against a server. `Raw` is what the server printed or returned (INFO text, rows, a command
 * reply); `parse` is the only way from it to records, shared by the live path and the paste path.
 */
export interface ProbeSpec<Session, Context, Raw, Rec> {
  id: string
  /** Why this probe does not apply to this server (too old, wrong role...), or null when it does. */
  skip?(context: Context): string | null
  run(session: Session, context: Context): Promise<Raw>
  parse(raw: Raw, context: Context): ParseResult<Rec>
}

/**
 * For a probe a rule reads only in some cases (a replica's WAL receiver) or whose loss it reports next to
 * what it could still judge (one of two estimates): the "could not evaluate" finding worded as for an
 * unmet need when the sweep lacks it, nothing when a paste does. Call it only for a probe with no records.
 */
export type Unmet<R> = (probe: keyof R & string) => Finding[]

/** One rule: the probes whose records it needs and a pure judgement over them. */
export interface RuleSpec<R, C> {
  id: string
  needs: readonly (keyof R & string)[]
  /** Only the needed probes are guaranteed present and ok; others may be absent. */
  evaluate(records: Partial<R>, context: C, unmet: Unmet<R>): Finding[]
  /** Says better than "<probe>: <error>" why a needed probe failed (how to enable the extension it reads). */
  explainFailure?(probe: keyof R & string, why: string, records: Partial<R>): string
}

/** Declares a rule with `records` typed by what it needs. */
export const defineRule =
  <R, C>() =>
  <N extends keyof R & string>(spec: {
    id: string
    needs: readonly N[]
    evaluate(records: Pick<R, N> & Partial<R>, context: C, unmet: Unmet<R>): Finding[]
    explainFailure?(probe: N, why: string, records: Partial<R>): string
  }): RuleSpec<R, C> =>
    spec as RuleSpec<R, C>

export interface EngineDiagnostics<R, C> {
  engine: EngineKind
  rules: readonly RuleSpec<R, C>[]
}

/**
 * `live`: every probe was meant to run, so a rule whose probe is missing says it could not evaluate.
 * `pasted`: only what was pasted is there, so rules that need anything else stay out of the report.
 */
export type Coverage = 'live' | 'pasted'

/** Why `probe` gave no records, null when it did, 'absent' when a pasted input lacks it. */
const whyMissing = <R, C>(
  rule: RuleSpec<R, C>,
  probe: keyof R & string,
  outcomes: ProbeOutcomes<R>,
  records: Partial<R>,
  coverage: Coverage
): string | 'absent' | null => {
  const outcome = outcomes[probe]
  if (!outcome) return coverage === 'pasted' ? 'absent' : `The ${probe} probe was not run.`
  if (outcome.ok) return null
  return rule.explainFailure?.(probe, outcome.why, records) ?? `${probe}: ${outcome.why}`
}

/** Why a rule cannot run on these outcomes, null when it can, 'absent' when a pasted input lacks a need. */
const unmetNeed = <R, C>(
  rule: RuleSpec<R, C>,
  outcomes: ProbeOutcomes<R>,
  records: Partial<R>,
  coverage: Coverage
): string | 'absent' | null => {
  for (const id of rule.needs) {
    const why = whyMissing(rule, id, outcomes, records, coverage)
    if (why !== null) return why
  }
  return null
}

/** Runs every rule whose needs are met; a rule that throws is a bug, reported without taking the rest down. */
export const evaluateRules = <R, C>(
  diagnostics: EngineDiagnostics<R, C>,
  outcomes: ProbeOutcomes<R>,
  context: C,
  coverage: Coverage = 'live'
): Finding[] => {
  const records: Partial<R> = {}
  for (const key of Object.keys(outcomes) as (keyof R)[]) {
    const outcome = outcomes[key]
    if (outcome?.ok) records[key] = outcome.value
  }
  return diagnostics.rules.flatMap((rule) => {
    const unmet = unmetNeed(rule, outcomes, records, coverage)
    if (unmet === 'absent') return []
    if (unmet !== null) return [notEvaluated(rule.id, unmet)]
    const unmetOptional: Unmet<R> = (probe) => {
      const why = whyMissing(rule, probe, outcomes, records, coverage)
      return why === null || why === 'absent' ? [] : [notEvaluated(rule.id, why)]
    }
    try {
      return rule.evaluate(records, context, unmetOptional)
    } catch (err) {
      return [
        {
          ...notEvaluated(rule.id, `The rule failed: ${err instanceof Error ? err.message : String(err)}`),
          title: 'Rule failed'
        }
      ]
    }
  })
}
