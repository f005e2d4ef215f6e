/**
 * The one place that decides what a PostgreSQL statement may do without the guard: the console, EXPLAIN
 * and the actions ask here. It parses with the real PostgreSQL parser (libpg-query), requires exactly one
 * statement, and allows a read only when every function it names is on the allow-list generated from the
 * catalogue (pg-function-allowlist.ts): an allow-list, because a list of forbidden names is never complete
 * (query_to_xml runs any SQL text it is given). Anything else goes to the confirm path with a reason.
 */
import { loadModule, parseSync, scanSync } from 'libpg-query'
import { AppFailure } from '../../../shared/errors'
import type { PgReadTransaction } from '../types'
import { EXTENSION_READS, familyOf } from './function-allowlist-rules'
import { PG_READ_ONLY_FUNCTIONS } from './pg-function-allowlist'

type Node = Record<string, unknown>

export type SqlVerdict =
  /** Runs without confirmation; `kind` says how (a SELECT is read through a cursor). */
  { verdict: 'read'; kind: 'select' | 'show' | 'explain' } | { verdict: 'confirm'; reason: string }

const WRITE_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'])

let loaded: Promise<void> | null = null
/** The WASM module loads once per process. */
export const ensureParser = (): Promise<void> => (loaded ??= loadModule())

const sval = (part: unknown): string | undefined => {
  const s = (part as { String?: { sval?: unknown } } | null)?.String?.sval
  return typeof s === 'string' ? s : undefined
}

/**
 * The name as the server resolves it: unquoted names arrive lower-cased from the parser, a quoted name
 * keeps its case ("PG_TERMINATE_BACKEND" is another function). Only pg_catalog may qualify it.
 */
const functionVerdict = (parts: unknown): string | null => {
  const names = Array.isArray(parts) ? parts.map(sval) : []
  const name = names.at(-1)
  const schema = names.length > 1 ? names.slice(0, -1).join('.') : null
  const shown = names.filter(Boolean).join('.')
  if (!name) return 'it calls a function whose name cannot be read'
  if (schema !== null && schema !== 'pg_catalog')
    return `it calls ${shown}(), which is not a built-in function of pg_catalog`
  if (PG_READ_ONLY_FUNCTIONS.has(name)) return null
  // Extension reads (pg_stat_statements) are allowed unqualified only; the view over them resolves too.
  if (schema === null && name in EXTENSION_READS) return null
  const family = familyOf(name)
  return family
    ? `it calls ${shown}(), which ${family.reason}`
    : `it calls ${shown}(), which is not on the list of built-in functions without effects outside the transaction`
}

const operatorVerdict = (parts: unknown): string | null => {
  const names = Array.isArray(parts) ? parts.map(sval) : []
  if (names.length > 1 && names[0] !== 'pg_catalog')
    return `it uses the operator ${names.join('.')}, which is not a built-in operator of pg_catalog`
  return null
}

// A cast runs the target type's input or cast function: a user type's may do anything.
const castVerdict = (parts: unknown): string | null => {
  const names = Array.isArray(parts) ? parts.map(sval) : []
  if (names.length > 1 && names[0] !== 'pg_catalog')
    return `it casts to ${names.join('.')}, which is not a built-in type of pg_catalog`
  return null
}

/** Walks the whole tree (CTEs, subqueries, FROM, expressions, EXPLAIN's inner query) for the first reason. */
const whyNotRead = (node: unknown, functionsOnly = false, depth = 0): string | null => {
  if (depth > 2000) return 'the statement is nested too deeply to check'
  if (typeof node !== 'object' || node === null) return null
  if (Array.isArray(node)) {
    for (const item of node) {
      const why = whyNotRead(item, functionsOnly, depth + 1)
      if (why) return why
    }
    return null
  }
  for (const [key, value] of Object.entries(node as Node)) {
    if (!functionsOnly && WRITE_STATEMENTS.has(key))
      return `it contains a data-modifying statement (${key.replace('Stmt', '').toUpperCase()} in a WITH clause)`
    if (!functionsOnly && key === 'lockingClause' && Array.isArray(value) && value.length > 0)
      return 'it locks rows (FOR UPDATE / FOR SHARE)'
    if (!functionsOnly && key === 'intoClause' && value) return 'SELECT INTO creates a table'
    if (key === 'FuncCall') {
      const why = functionVerdict((value as Node).funcname)
      if (why) return why
    }
    if (key === 'A_Expr') {
      const why = operatorVerdict((value as Node).name)
      if (why) return why
    }
    if (key === 'TypeCast') {
      const why = castVerdict(((value as Node).typeName as Node | undefined)?.names)
      if (why) return why
    }
    const why = whyNotRead(value, functionsOnly, depth + 1)
    if (why) return why
  }
  return null
}

/** Exactly one parsed statement; INVALID_INPUT when the text does not parse, REFUSED for none or several. */
export const parseOne = async (sql: string): Promise<Node> => {
  await ensureParser()
  let stmts: { stmt?: Node }[]
  try {
    stmts = (parseSync(sql) as { stmts?: { stmt?: Node }[] }).stmts ?? []
  } catch (err) {
    throw new AppFailure(
      'INVALID_INPUT',
      `PostgreSQL cannot parse this: ${err instanceof Error ? err.message : String(err)}.`
    )
  }
  if (stmts.length !== 1)
    throw new AppFailure(
      'REFUSED',
      stmts.length === 0
        ? 'There is no statement.'
        : `The input holds ${stmts.length} statements; run exactly one at a time.`
    )
  return stmts[0]?.stmt ?? {}
}

export interface SplitResult {
  ok: boolean
  /** The single statement without trailing semicolons, whitespace or comments. */
  body: string
  reason?: string
  /** Its parse tree, when ok. */
  stmt?: Node
}

const COMMENT_OR_SEMICOLON = new Set(['SQL_COMMENT', 'C_COMMENT', 'ASCII_59'])

/**
 * The one statement of `sql` as it will be sent inside a wrapper (EXPLAIN ... ; ROLLBACK): counted by the
 * real parser and cut after its last token by the real scanner, so a trailing `-- comment` can never
 * swallow what the wrapper adds. Synchronous for the action definitions: ensureParser() must have run.
 */
export const oneStatementText = (sql: string): SplitResult => {
  let stmts: { stmt?: Node }[]
  let tokens: { end: number; tokenName: string }[]
  try {
    stmts = (parseSync(sql) as { stmts?: { stmt?: Node }[] }).stmts ?? []
    tokens = (scanSync(sql) as { tokens: { end: number; tokenName: string }[] }).tokens
  } catch (err) {
    return {
      ok: false,
      body: '',
      reason: `text PostgreSQL cannot parse (${err instanceof Error ? err.message : String(err)})`
    }
  }
  if (stmts.length === 0) return { ok: false, body: '', reason: 'no statement' }
  if (stmts.length > 1) return { ok: false, body: '', reason: 'more than one statement' }
  const last = tokens.filter((t) => !COMMENT_OR_SEMICOLON.has(t.tokenName)).at(-1)
  return { ok: true, body: sql.slice(0, last?.end ?? 0).trim(), stmt: stmts[0]?.stmt ?? {} }
}

/** Why a statement calls a function that is not an allow-listed read (its effects outlive ROLLBACK), or null. */
export const functionRefusal = (stmt: Node): string | null => whyNotRead(stmt, true)

export const statementKind = (stmt: Node): string => Object.keys(stmt)[0] ?? 'unknown'

/** The verdict on one parsed statement (the tree from parseOne). */
export const verdictOf = (stmt: Node): SqlVerdict => {
  const kind = statementKind(stmt)
  const confirm = (reason: string): SqlVerdict => ({ verdict: 'confirm', reason })
  if (kind === 'VariableShowStmt') return { verdict: 'read', kind: 'show' }
  if (kind === 'ExplainStmt') {
    const options = ((stmt.ExplainStmt as Node).options as { DefElem?: { defname?: string } }[]) ?? []
    if (options.some((o) => o.DefElem?.defname === 'analyze'))
      return confirm('EXPLAIN ANALYZE executes the statement')
    // The planner folds immutable functions while planning: the inner query is checked as well.
    const why = whyNotRead(stmt)
    return why ? confirm(why) : { verdict: 'read', kind: 'explain' }
  }
  if (kind !== 'SelectStmt') return confirm(`${kind.replace(/Stmt$/, '')} is not a read-only statement`)
  const why = whyNotRead(stmt)
  return why ? confirm(why) : { verdict: 'read', kind: 'select' }
}

/** The console's question: parse, one statement, verdict. */
export const sqlVerdict = async (sql: string): Promise<SqlVerdict> => verdictOf(await parseOne(sql))

/**
 * EXPLAIN ANALYZE executes the statement: only one SELECT the checker calls a read may run from a
 * diagnostics session. Throws REFUSED with the reason otherwise.
 */
export const assertAnalyzableSelect = async (sql: string): Promise<Node> => {
  const stmt = await parseOne(sql)
  const kind = statementKind(stmt)
  if (WRITE_STATEMENTS.has(kind))
    throw new AppFailure(
      'REFUSED',
      `EXPLAIN ANALYZE of ${kind.replace('Stmt', '').toUpperCase()} executes it (the rows really change). That needs the guarded action postgres.explainAnalyzeWrite; plain EXPLAIN (without ANALYZE) is allowed.`
    )
  if (kind === 'ExplainStmt')
    throw new AppFailure(
      'REFUSED',
      'Pass the statement itself, without EXPLAIN: dbconsole adds the EXPLAIN options.'
    )
  if (kind !== 'SelectStmt')
    throw new AppFailure(
      'REFUSED',
      `Only a SELECT can be EXPLAIN ANALYZEd from a diagnostics session (this is ${kind.replace(/Stmt$/, '')}).`
    )
  const verdict = verdictOf(stmt)
  if (verdict.verdict === 'confirm')
    throw new AppFailure('REFUSED', `dbconsole will not EXPLAIN ANALYZE this: ${verdict.reason}.`)
  return stmt
}

/**
 * Plain EXPLAIN plans without executing, but still takes exactly one statement, and the planner may run
 * functions while folding constants: those must be on the allow-list too.
 */
export const assertExplainable = async (sql: string): Promise<Node> => {
  const stmt = await parseOne(sql)
  if (statementKind(stmt) === 'ExplainStmt')
    throw new AppFailure(
      'REFUSED',
      'Pass the statement itself, without EXPLAIN: dbconsole adds the EXPLAIN options.'
    )
  // A write is fine for plain EXPLAIN (it is not executed); the functions it names are not.
  const why = whyNotRead(stmt, true)
  if (why) throw new AppFailure('REFUSED', `dbconsole will not plan this: ${why}.`)
  return stmt
}

/** Every relation a statement names, as text to_regclass reads (quoted, so case and dots survive). */
export const relationsOf = (node: unknown, out = new Set<string>(), depth = 0): Set<string> => {
  if (depth > 2000 || typeof node !== 'object' || node === null) return out
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === 'RangeVar') {
      const r = value as { schemaname?: string; relname?: string }
      const quote = (name: string) => `"${name.replaceAll('"', '""')}"`
      if (r.relname) out.add(r.schemaname ? `${quote(r.schemaname)}.${quote(r.relname)}` : quote(r.relname))
    }
    relationsOf(value, out, depth + 1)
  }
  return out
}

interface RelationRow extends Record<string, unknown> {
  name: string
  relkind: string
  rls: boolean
  extension_read: boolean
}

// Schema-qualified catalogue names and operators: objects planted in public cannot answer instead.
const RELATIONS_SQL = `select n.name, c.relkind::text as relkind, c.relrowsecurity as rls,
       exists (select from pg_catalog.pg_depend d join pg_catalog.pg_extension e on e.oid operator(pg_catalog.=) d.refobjid
                where d.classid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                  and d.objid operator(pg_catalog.=) c.oid and d.deptype operator(pg_catalog.=) 'e'
                  and e.extname operator(pg_catalog.=) any($2::pg_catalog.text[])) as extension_read
  from pg_catalog.unnest($1::pg_catalog.text[]) as n(name)
  join pg_catalog.pg_class c on c.oid operator(pg_catalog.=) pg_catalog.to_regclass(n.name)
  join pg_catalog.pg_namespace s on s.oid operator(pg_catalog.=) c.relnamespace
 where s.nspname operator(pg_catalog.<>) all (array['pg_catalog', 'information_schema'])`

/**
 * What the catalogue says about the relations a read names: a user view (relkind v) or a foreign table
 * can run any function, and a table with row-level security evaluates its policies' functions, so
 * those go to confirm, except views of an allow-listed read-only extension (pg_stat_statements).
 * Run inside the read transaction, before the statement.
 */
export const relationVerdict = async (tx: PgReadTransaction, stmt: Node): Promise<SqlVerdict | null> => {
  const names = [...relationsOf(stmt)]
  if (names.length === 0) return null
  const rows = await tx.query<RelationRow>(RELATIONS_SQL, [
    names,
    [...new Set(Object.values(EXTENSION_READS))]
  ])
  for (const r of rows) {
    if (r.relkind === 'v' && !r.extension_read)
      return {
        verdict: 'confirm',
        reason: `it reads the view ${r.name}, whose definition may call any function`
      }
    if (r.relkind === 'f')
      return {
        verdict: 'confirm',
        reason: `it reads the foreign table ${r.name} (another server answers it)`
      }
    if (r.rls)
      return {
        verdict: 'confirm',
        reason: `${r.name} has row-level security; its policies may call any function`
      }
  }
  return null
}

type NameKind = 'function' | 'operator' | 'type'

/** The unqualified names a statement uses, by kind: what search_path (or operator lookup) resolves. */
const unqualifiedNamesOf = (
  node: unknown,
  out: Record<NameKind, Set<string>> = { function: new Set(), operator: new Set(), type: new Set() },
  depth = 0
): Record<NameKind, Set<string>> => {
  if (depth > 2000 || typeof node !== 'object' || node === null) return out
  for (const [key, value] of Object.entries(node as Node)) {
    const parts =
      key === 'FuncCall'
        ? (value as Node).funcname
        : key === 'A_Expr'
          ? (value as Node).name
          : key === 'TypeCast'
            ? ((value as Node).typeName as Node | undefined)?.names
            : undefined
    if (Array.isArray(parts) && parts.length === 1) {
      const name = sval(parts[0])
      const kind: NameKind = key === 'FuncCall' ? 'function' : key === 'A_Expr' ? 'operator' : 'type'
      if (name) out[kind].add(name)
    }
    unqualifiedNamesOf(value, out, depth + 1)
  }
  return out
}

// Something of one of those names outside pg_catalog that no allow-listed extension owns.
const SHADOWS_SQL = `select shadow from (
  select p.oid::pg_catalog.regprocedure::text as shadow, 'pg_catalog.pg_proc'::pg_catalog.regclass as classid, p.oid
    from pg_catalog.pg_proc p
   where p.proname operator(pg_catalog.=) any($1::pg_catalog.text[])
     and p.pronamespace operator(pg_catalog.<>) 'pg_catalog'::pg_catalog.regnamespace
  union all
  select 'operator ' operator(pg_catalog.||) o.oid::pg_catalog.regoperator::text, 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid
    from pg_catalog.pg_operator o
   where o.oprname operator(pg_catalog.=) any($3::pg_catalog.text[])
     and o.oprnamespace operator(pg_catalog.<>) 'pg_catalog'::pg_catalog.regnamespace
  union all
  select 'type ' operator(pg_catalog.||) t.oid::pg_catalog.regtype::text, 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
    from pg_catalog.pg_type t
   where t.typname operator(pg_catalog.=) any($4::pg_catalog.text[])
     and t.typnamespace operator(pg_catalog.<>) 'pg_catalog'::pg_catalog.regnamespace) s
 where not exists (select from pg_catalog.pg_depend d join pg_catalog.pg_extension e on e.oid operator(pg_catalog.=) d.refobjid
                    where d.classid operator(pg_catalog.=) s.classid
                      and d.objid operator(pg_catalog.=) s.oid and d.deptype operator(pg_catalog.=) 'e'
                      and e.extname operator(pg_catalog.=) any($2::pg_catalog.text[]))
 limit 1`

/**
 * An unqualified allow-listed name is only the built-in when nothing else of that name exists: a
 * public.lower(text), a fake pg_stat_statements(), a user operator `=` or a user type `box` could be what
 * search_path picks, and each runs a user function. Those go to confirm.
 */
export const shadowVerdict = async (tx: PgReadTransaction, stmt: Node): Promise<SqlVerdict | null> => {
  const names = unqualifiedNamesOf(stmt)
  if (names.function.size + names.operator.size + names.type.size === 0) return null
  const [row] = await tx.query<{ shadow: string }>(SHADOWS_SQL, [
    [...names.function],
    [...new Set(Object.values(EXTENSION_READS))],
    [...names.operator],
    [...names.type]
  ])
  return row
    ? {
        verdict: 'confirm',
        reason: `it uses ${row.shadow}, which is not the built-in one of that name`
      }
    : null
}
