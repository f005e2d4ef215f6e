/**
 * How the allow-list of functions a console read may call is decided from the catalogue
 * (scripts/gen-pg-function-allowlist.ts writes the result to pg-function-allowlist.ts; an integration
 * test re-derives it from the live server and compares). A name is on the list when every built-in
 * overload of it in pg_catalog (pg_proc.oid < 16384) is a plain, aggregate or window function, is
 * immutable or stable (or one of the few volatile reads below), and the name belongs to no family of
 * functions that act outside the transaction.
 */

export interface CatalogueFunction {
  proname: string
  provolatile: string
  prokind: string
}

/** Built-in functions of pg_catalog, one row per overload. */
export const BUILTIN_FUNCTIONS_SQL = `select p.proname, p.provolatile::text as provolatile, p.prokind::text as prokind
  from pg_catalog.pg_proc p
 where p.oid operator(pg_catalog.<) 16384
   and p.pronamespace operator(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace
 order by 1`

export interface ExcludedFamily {
  family: string
  reason: string
  pattern: RegExp
}

/** Applied to every volatility: a stable member of one of these families is still excluded. */
export const EXCLUDED_FAMILIES: readonly ExcludedFamily[] = [
  {
    family: 'runs-sql',
    reason:
      'runs SQL text, or reads every relation it names (user views included) through SPI, so it can call anything',
    pattern: /^(query|cursor|table|schema|database)_to_xml|^ts_stat$|^ts_rewrite$/
  },
  {
    family: 'files',
    reason: 'reads, lists or writes files on the database host',
    pattern:
      /^pg_(read_file|read_binary_file|ls_|stat_file|file_|rotate_logfile)|^pg_import_system_collations$/
  },
  {
    family: 'large-objects',
    reason:
      'creates, writes or exports large objects (lo_export writes a file even in a read-only transaction)',
    pattern: /^lo_|^loread$|^lowrite$/
  },
  {
    family: 'slots-replication',
    reason:
      'creates, drops, advances or consumes replication slots and origins (a consumer loses its events)',
    pattern:
      /^pg_(create|drop|copy)_\w*replication_slot$|^pg_replication_slot_advance$|^pg_logical_slot_|^pg_logical_emit_message$|^pg_replication_origin_(create|drop|advance|session_|xact_)/
  },
  {
    family: 'backends',
    reason: 'signals other backends or the postmaster',
    pattern:
      /^pg_(terminate|cancel)_backend$|^pg_signal_|^pg_log_backend_memory_contexts$|^pg_reload_conf$|^pg_promote$/
  },
  {
    family: 'wal-backup',
    reason: 'writes WAL, starts or stops a backup, or pauses replay',
    pattern:
      /^pg_(switch_wal|create_restore_point|backup_|start_backup|stop_backup|wal_replay_pause|wal_replay_resume|log_standby_snapshot)/
  },
  {
    family: 'sequences',
    reason: 'advances or reads sequence state (nextval survives ROLLBACK)',
    pattern: /^(nextval|setval|currval|lastval)$/
  },
  {
    family: 'settings',
    reason: 'changes a setting for the rest of the session',
    pattern: /^set_config$/
  },
  {
    family: 'locks',
    reason: 'takes advisory locks that outlive the statement',
    pattern: /advisory/
  },
  { family: 'notify', reason: 'sends a notification to other sessions', pattern: /^pg_notify$/ },
  {
    family: 'xid',
    reason: 'assigns a transaction id (consumes xid space and writes WAL)',
    pattern: /^(txid_current|pg_current_xact_id)$/
  },
  {
    family: 'stats-reset',
    reason: 'resets or flushes statistics',
    pattern: /^pg_stat_reset|^pg_stat_force_next_flush$/
  }
]

/**
 * Volatile built-ins that only read (sizes, locks, WAL positions, clocks): a DBA's everyday reads, added
 * deliberately. The generator fails if one of them is not volatile any more or falls in a family.
 */
export const VOLATILE_READS: readonly string[] = [
  'clock_timestamp',
  'pg_blocking_pids',
  'pg_control_checkpoint',
  'pg_control_recovery',
  'pg_control_system',
  'pg_current_wal_flush_lsn',
  'pg_current_wal_insert_lsn',
  'pg_current_wal_lsn',
  'pg_database_size',
  'pg_get_wal_replay_pause_state',
  'pg_indexes_size',
  'pg_is_in_recovery',
  'pg_is_wal_replay_paused',
  'pg_last_wal_receive_lsn',
  'pg_last_wal_replay_lsn',
  'pg_last_xact_replay_timestamp',
  'pg_lock_status',
  'pg_partition_tree',
  'pg_relation_size',
  'pg_safe_snapshot_blocking_pids',
  // Waits inside the session and nothing else; statement_timeout bounds it (the classic slow test query).
  'pg_sleep',
  'pg_sleep_for',
  'pg_sleep_until',
  'pg_table_size',
  'pg_tablespace_size',
  'pg_total_relation_size',
  'random',
  'timeofday'
]

/** Functions of extensions that only read, allowed when the catalogue says the extension owns them. */
export const EXTENSION_READS: Readonly<Record<string, string>> = {
  pg_stat_statements: 'pg_stat_statements',
  pg_stat_statements_info: 'pg_stat_statements'
}

export const familyOf = (name: string): ExcludedFamily | undefined =>
  EXCLUDED_FAMILIES.find((f) => f.pattern.test(name))

export interface FamilyCount {
  family: string
  /** Built-in functions (overloads) of the family. */
  total: number
  /** Of those, immutable or stable: the ones volatility alone would have let through. */
  stableOrImmutable: number
}

export interface Allowlist {
  names: string[]
  excluded: FamilyCount[]
}

const readOnlyOverload = (f: CatalogueFunction): boolean =>
  ['f', 'a', 'w'].includes(f.prokind) &&
  (f.provolatile === 'i' || f.provolatile === 's' || VOLATILE_READS.includes(f.proname))

export const buildAllowlist = (functions: readonly CatalogueFunction[]): Allowlist => {
  for (const name of VOLATILE_READS) {
    const overloads = functions.filter((f) => f.proname === name)
    if (overloads.length === 0) throw new Error(`${name} is not a built-in function of this server`)
    if (familyOf(name)) throw new Error(`${name} is listed as a volatile read but is in an excluded family`)
  }
  const byName = new Map<string, CatalogueFunction[]>()
  for (const f of functions) byName.set(f.proname, [...(byName.get(f.proname) ?? []), f])
  const names = [...byName]
    .filter(([name, overloads]) => !familyOf(name) && overloads.every(readOnlyOverload))
    .map(([name]) => name)
    .sort()
  const excluded = EXCLUDED_FAMILIES.map(({ family }) => {
    const members = functions.filter((f) => familyOf(f.proname)?.family === family)
    return {
      family,
      total: members.length,
      stableOrImmutable: members.filter((f) => f.provolatile !== 'v').length
    }
  })
  return { names, excluded }
}

/** The generated module: names wrapped inside one template string, so the file stays short. */
export const renderAllowlistModule = (list: Allowlist, serverVersion: string): string => {
  const lines: string[] = []
  let line = ''
  for (const name of list.names) {
    if (line && line.length + name.length + 1 > 100) {
      lines.push(line)
      line = name
    } else line = line ? `${line} ${name}` : name
  }
  if (line) lines.push(line)
  const families = list.excluded
    .map((f) => ` *   ${f.family}: ${f.total} built-ins, ${f.stableOrImmutable} of them stable or immutable`)
    .join('\n')
  return `/**
 * GENERATED by scripts/gen-pg-function-allowlist.ts from PostgreSQL ${serverVersion}: do not edit by hand.
 * The rules are in function-allowlist-rules.ts; pg-function-allowlist.int.test.ts checks this list
 * still matches the live server's catalogue. ${list.names.length} names. Excluded families:
${families}
 */
export const PG_ALLOWLIST_SERVER_VERSION = '${serverVersion}'

export const PG_READ_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(
  \`
${lines.join('\n')}
\`
    .trim()
    .split(/\\s+/)
)
`
}

interface Queryable {
  query<R extends Record<string, unknown>>(sql: string): Promise<{ rows: R[] }>
}

/** What the generator writes and the drift test compares: the list and the server it came from. */
export const deriveAllowlist = async (
  client: Queryable
): Promise<{ list: Allowlist; serverVersion: string }> => {
  const { rows } = await client.query<CatalogueFunction & Record<string, unknown>>(BUILTIN_FUNCTIONS_SQL)
  const version = await client.query<{ v: string }>(
    `select pg_catalog.current_setting('server_version') as v`
  )
  // "15.18 (Debian 15.18-0+deb12u1)": the number is what matters.
  const serverVersion = (version.rows[0]?.v ?? 'unknown').split(' ')[0] ?? 'unknown'
  return { list: buildAllowlist(rows), serverVersion }
}
