/**
 * JUnit XML of a fleet run, so CI systems list findings as test results: one suite per target, one
 * test case per node and rule (failed when a finding of that rule reaches --fail-on), and one
 * "reachable" case per node that errors when the node could not be checked.
 */
import { severityRank, type Finding, type Severity } from '../../shared/findings'
import type { TargetResult } from './run-fleet'

// XML 1.0 cannot carry most control characters even escaped: they are dropped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

export const xmlText = (value: string): string =>
  value
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

interface Case {
  name: string
  failure: { message: string; body: string } | null
  error: string | null
}

const findingLine = (f: Finding): string =>
  `[${f.severity}] ${f.title}${f.target ? ` (${f.target})` : ''}: ${f.detail}`

const casesOf = (result: TargetResult, failOn: Severity): Case[] =>
  result.reports.flatMap((report) => {
    const node = String(report.summary.node ?? report.input)
    const reachable: Case = {
      name: `${node} reachable`,
      failure: null,
      error: report.ok ? null : `${report.error?.code ?? 'ERROR'}: ${report.error?.message ?? 'not checked'}`
    }
    const byRule = new Map<string, Finding[]>()
    for (const f of report.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f])
    const rules = [...byRule].map(([rule, findings]): Case => {
      const failing = findings.filter((f) => severityRank[f.severity] >= severityRank[failOn])
      return {
        name: `${node} ${rule}`,
        error: null,
        failure:
          failing.length === 0
            ? null
            : { message: failing[0]?.title ?? rule, body: failing.map(findingLine).join('\n') }
      }
    })
    return [reachable, ...rules]
  })

export const formatJunit = (results: readonly TargetResult[], failOn: Severity): string => {
  const suites = results.map((result) => {
    const cases = casesOf(result, failOn)
    const failures = cases.filter((c) => c.failure).length
    const errors = cases.filter((c) => c.error).length
    const body = cases
      .map((c) => {
        const open = `    <testcase classname="${xmlText(result.target.name)}" name="${xmlText(c.name)}">`
        if (c.error) return `${open}<error message="${xmlText(c.error)}"/></testcase>`
        if (c.failure)
          return `${open}<failure message="${xmlText(c.failure.message)}">${xmlText(c.failure.body)}</failure></testcase>`
        return `${open}</testcase>`
      })
      .join('\n')
    return `  <testsuite name="${xmlText(result.target.name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(result.durationMs / 1000).toFixed(3)}">\n${body}\n  </testsuite>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dbconsole check">\n${suites.join('\n')}\n</testsuites>\n`
}
