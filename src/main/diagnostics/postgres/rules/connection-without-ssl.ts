/**
 * pg.connection-without-ssl: client connections from another host that are not encrypted: passwords
 * (md5 and password auth) and every row cross the network in clear. Loopback connections never leave the
 * host and are not reported. One finding per client address, naming its users and applications.
 * Probe: pg_stat_ssl (joined to pg_stat_activity). Checked against PostgreSQL 15 (a cluster of the test's
 * own listening on the machine's own address, connected to without SSL). Threshold: any, warning (the
 * PostgreSQL docs, "Secure TCP/IP Connections with SSL": hostssl in pg_hba.conf is how a server refuses
 * them).
 */
import { capFindings, nodeSubject, pgRule } from '../health-input'
import type { SslConnection } from '../../../../shared/records/postgres'

export const RULE = 'pg.connection-without-ssl'

const isLoopback = (addr: string): boolean =>
  addr.startsWith('127.') || addr === '::1' || addr.startsWith('::ffff:127.')

const distinct = (values: (string | null)[]): string[] =>
  [...new Set(values.map((v) => v || '(none)'))].sort()

export const connectionWithoutSslRule = pgRule({
  id: RULE,
  needs: ['pg_stat_ssl'],
  evaluate: ({ pg_stat_ssl: connections }, context) => {
    const byClient = new Map<string, SslConnection[]>()
    for (const c of connections)
      if (!c.ssl && !isLoopback(c.client_addr))
        byClient.set(c.client_addr, [...(byClient.get(c.client_addr) ?? []), c])
    const serverSsl = connections[0]?.server_ssl ?? false
    const fix = serverSsl
      ? 'The server offers SSL: have these clients use sslmode=require (or verify-full), and change their pg_hba.conf lines from host to hostssl so that the server refuses clear connections.'
      : 'The server does not offer SSL (ssl = off): install a certificate and key, set ssl = on and reload, then have clients use sslmode=verify-full and pg_hba.conf hostssl lines.'
    return capFindings(
      RULE,
      [...byClient.entries()].map(([client, rows]) => ({
        rule: RULE,
        severity: 'warning' as const,
        title: `${rows.length} connection(s) from ${client} are not encrypted`,
        detail: `Users ${distinct(rows.map((r) => r.usename)).join(', ')} (applications ${distinct(rows.map((r) => r.application_name)).join(', ')}) send their queries, results and password exchange in clear. ${fix}`,
        target: client,
        // About the checked server's connections; the client is the target.
        ...nodeSubject(context),
        evidence: {
          client,
          connections: rows.length,
          pids: rows.map((r) => r.pid),
          users: distinct(rows.map((r) => r.usename)),
          serverSsl
        },
        units: { connections: 'count' as const }
      }))
    )
  }
})
