/**
 * Whether an INFO reply was copied whole, judged from the reply itself (issue 15 item 11): the last
 * section must end on a field that ends that section in some Redis version, and the last line of a
 * list-like section (Commandstats, Keyspace...) must have the shape of its neighbours. A field that is
 * known to be followed by others (`maxmemory`, with a cut-off value) ends nothing: the copy was cut.
 * Field orders: Redis 7.0.15 INFO everything (fixtures/info-everything--*), the last fields of older and
 * newer versions from their INFO documentation. A field this table does not know is given the benefit of
 * the doubt (a newer server's trailing field must not read as a cut).
 */

/** Fields Redis 7.0.15 prints in each fixed-shape section, in order; the last one ends the section. */
const SECTION_FIELDS: Record<string, readonly string[]> = {
  server:
    'redis_version redis_git_sha1 redis_git_dirty redis_build_id redis_mode os arch_bits monotonic_clock multiplexing_api atomicvar_api gcc_version process_id process_supervised run_id tcp_port server_time_usec uptime_in_seconds uptime_in_days hz configured_hz lru_clock executable config_file io_threads_active'.split(
      ' '
    ),
  clients:
    'connected_clients cluster_connections maxclients client_recent_max_input_buffer client_recent_max_output_buffer blocked_clients tracking_clients clients_in_timeout_table'.split(
      ' '
    ),
  memory:
    'used_memory used_memory_human used_memory_rss used_memory_rss_human used_memory_peak used_memory_peak_human used_memory_peak_perc used_memory_overhead used_memory_startup used_memory_dataset used_memory_dataset_perc allocator_allocated allocator_active allocator_resident total_system_memory total_system_memory_human used_memory_lua used_memory_vm_eval used_memory_lua_human used_memory_scripts_eval number_of_cached_scripts number_of_functions number_of_libraries used_memory_vm_functions used_memory_vm_total used_memory_vm_total_human used_memory_functions used_memory_scripts used_memory_scripts_human maxmemory maxmemory_human maxmemory_policy allocator_frag_ratio allocator_frag_bytes allocator_rss_ratio allocator_rss_bytes rss_overhead_ratio rss_overhead_bytes mem_fragmentation_ratio mem_fragmentation_bytes mem_not_counted_for_evict mem_replication_backlog mem_total_replication_buffers mem_clients_slaves mem_clients_normal mem_cluster_links mem_aof_buffer mem_allocator active_defrag_running lazyfree_pending_objects lazyfreed_objects'.split(
      ' '
    ),
  persistence:
    'loading async_loading current_cow_peak current_cow_size current_cow_size_age current_fork_perc current_save_keys_processed current_save_keys_total rdb_changes_since_last_save rdb_bgsave_in_progress rdb_last_save_time rdb_last_bgsave_status rdb_last_bgsave_time_sec rdb_current_bgsave_time_sec rdb_saves rdb_last_cow_size rdb_last_load_keys_expired rdb_last_load_keys_loaded aof_enabled aof_rewrite_in_progress aof_rewrite_scheduled aof_last_rewrite_time_sec aof_current_rewrite_time_sec aof_last_bgrewrite_status aof_rewrites aof_rewrites_consecutive_failures aof_last_write_status aof_last_cow_size module_fork_in_progress module_fork_last_cow_size'.split(
      ' '
    ),
  stats:
    'total_connections_received total_commands_processed instantaneous_ops_per_sec total_net_input_bytes total_net_output_bytes total_net_repl_input_bytes total_net_repl_output_bytes instantaneous_input_kbps instantaneous_output_kbps instantaneous_input_repl_kbps instantaneous_output_repl_kbps rejected_connections sync_full sync_partial_ok sync_partial_err expired_keys expired_stale_perc expired_time_cap_reached_count expire_cycle_cpu_milliseconds evicted_keys evicted_clients total_eviction_exceeded_time current_eviction_exceeded_time keyspace_hits keyspace_misses pubsub_channels pubsub_patterns pubsubshard_channels latest_fork_usec total_forks migrate_cached_sockets slave_expires_tracked_keys active_defrag_hits active_defrag_misses active_defrag_key_hits active_defrag_key_misses total_active_defrag_time current_active_defrag_time tracking_total_keys tracking_total_items tracking_total_prefixes unexpected_error_replies total_error_replies dump_payload_sanitizations total_reads_processed total_writes_processed io_threaded_reads_processed io_threaded_writes_processed reply_buffer_shrinks reply_buffer_expands'.split(
      ' '
    ),
  replication:
    'role master_host master_port master_link_status master_last_io_seconds_ago master_sync_in_progress slave_read_repl_offset slave_repl_offset master_link_down_since_seconds slave_priority slave_read_only replica_announced connected_slaves master_failover_state master_replid master_replid2 master_repl_offset second_repl_offset repl_backlog_active repl_backlog_size repl_backlog_first_byte_offset repl_backlog_histlen'.split(
      ' '
    ),
  cpu: 'used_cpu_sys used_cpu_user used_cpu_sys_children used_cpu_user_children used_cpu_sys_main_thread used_cpu_user_main_thread'.split(
    ' '
  ),
  cluster: ['cluster_enabled']
}

/** Fields that end their section in other versions (2.6-6.2 last fields; 7.2+ `listenerN`). */
const OTHER_VERSION_LAST: Record<string, readonly string[]> = {
  server: ['config_file'],
  clients: ['blocked_clients', 'tracking_clients'],
  memory: ['mem_allocator', 'lazyfree_pending_objects'],
  persistence: ['aof_last_bgrewrite_status', 'aof_last_write_status', 'aof_last_cow_size'],
  stats: [
    'latest_fork_usec',
    'migrate_cached_sockets',
    'active_defrag_key_misses',
    'tracking_total_prefixes',
    'io_threaded_writes_processed'
  ],
  cpu: ['used_cpu_user_children']
}

/** Fields known to be followed by more fields of their section: in 7.0 (`table`), and in every version. */
const notLast = (section: string, key: string, table: boolean): boolean => {
  const fields = SECTION_FIELDS[section]
  if (!fields) return false
  const at = fields.indexOf(key)
  if (at === -1 || at === fields.length - 1) return false
  return table || !(OTHER_VERSION_LAST[section] ?? []).includes(key)
}
/** `slaveN:` lines are followed by the replication ids in every version that has sections. */
const isReplicaLine = (key: string): boolean => /^slave\d+$/.test(key)

/** Sections whose lines are a list (one per command, error, database...) with a fixed value shape. */
const LIST_VALUE: Record<string, RegExp> = {
  // usec_per_call is printed with 2 decimals, percentiles with 3: a cut number loses them.
  commandstats: /^calls=\d+,usec=\d+,usec_per_call=\d+\.\d{2}(?:,rejected_calls=\d+,failed_calls=\d+)?$/,
  errorstats: /^count=\d+$/,
  latencystats: /^p\d[\d.]*=\d+\.\d{3}(?:,p\d[\d.]*=\d+\.\d{3})*$/,
  // avg_ttl since 2.6 (Dragonfly prints -1), subexpiry 7.4+, cached_keys KeyDB, invalid_keys Pika.
  keyspace: /^keys=\d+,expires=\d+(?:,avg_ttl=-?\d+)?(?:,[a-z_]+=\d+)*$/,
  modules: /^name=.*,options=\[[^\]]*\]$/
}

const subfieldNames = (value: string): string =>
  value
    .split(',')
    .map((p) => p.split('=', 1)[0])
    .join(',')

export interface InfoLine {
  key: string
  value: string
}

/** Redis 7.0 and later print at least the 7.0 fields, in the 7.0 order (the table's own version). */
const TABLE_MAJOR = 7
/** Fields only 7.0+ prints (functions, sharded pub/sub, async loading): the table applies without a version. */
const SINCE_7 = new Set([
  'used_memory_vm_eval',
  'number_of_functions',
  'mem_cluster_links',
  'pubsubshard_channels',
  'evicted_clients',
  'async_loading'
])

/**
 * Why the last section of an INFO reply is incomplete, or null. `section` is the last section's name
 * ('default' when the reply has no headers), `lines` its field lines in order, `version` the server's
 * redis_version when the reply carries it.
 */
export const infoSectionCut = (
  section: string,
  lines: readonly InfoLine[],
  version: string | null
): string | null => {
  const last = lines[lines.length - 1]
  if (!last) return SECTION_FIELDS[section] ? `# ${sectionTitle(section)} has no fields` : null
  // Without headers the reply still ends with the keyspace's list lines.
  const list = LIST_VALUE[section === 'default' && /^db\d+$/.test(last.key) ? 'keyspace' : section]
  if (list) {
    if (!list.test(last.value)) return `its last line "${last.key}" is not complete`
    const before = lines[lines.length - 2]
    if (before && subfieldNames(before.value) !== subfieldNames(last.value))
      return `its last line "${last.key}" has fewer values than the line before`
    return null
  }
  // No headers (Redis 2.x): the fields of every section in one run, ending with the keyspace.
  const table = Number.parseInt(version ?? '', 10) >= TABLE_MAJOR || lines.some((l) => SINCE_7.has(l.key))
  const sections = section === 'default' ? Object.keys(SECTION_FIELDS) : [section]
  if (sections.some((s) => notLast(s, last.key, table)) || isReplicaLine(last.key))
    return `"${last.key}" is never the last field of ${section === 'default' ? 'INFO' : `# ${sectionTitle(section)}`}`
  return null
}

/**
 * INFO, INFO all and INFO everything start with # Server and end with # Keyspace; INFO without headers
 * (Redis 2.4 and older) ends with its `dbN:` lines. What the reply stops after when it lacks that end
 * (a reply of only some sections also does: this is a warning, not a refusal), or null.
 */
export const infoStopsBeforeKeyspace = (
  sections: readonly string[],
  lastKey: string | null
): string | null => {
  if (sections.length === 0) return lastKey !== null && !/^db\d+$/.test(lastKey) ? `"${lastKey}"` : null
  if (sections.length < 2 || sections[0] !== 'server' || sections.includes('keyspace')) return null
  return `# ${sectionTitle(sections[sections.length - 1] ?? '')}`
}

/** 'memory' -> 'Memory', as the header reads. */
export const sectionTitle = (section: string): string => section.charAt(0).toUpperCase() + section.slice(1)
