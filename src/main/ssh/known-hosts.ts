/**
 * The SSH host keys the user trusted, in `<dataDir>/known_hosts.json` (one key per bastion, written
 * atomically by one serial writer). A bastion is reached only when it presents exactly the trusted key:
 * an unknown or changed key is refused until the user trusts it explicitly.
 */
import { join } from 'node:path'
import { rename } from 'node:fs/promises'
import { z } from 'zod'
import type { HostKeyCheck } from '../../shared/connection'
import { readFileIfExists, SerialFile } from '../support/atomic-file'
import { tryParseJson } from '../support/json'
import { fingerprintOf, hostKeyName, keyTypeOf } from './host-key'

const entrySchema = z.object({ keyType: z.string(), fingerprint: z.string(), trustedAt: z.string() }).strict()
const fileSchema = z.object({ version: z.literal(1), hosts: z.record(z.string(), entrySchema) }).strict()
type KnownHostsFile = z.infer<typeof fileSchema>

export class KnownHosts {
  private readonly path: string
  private readonly file: SerialFile
  /**
   * The last key each bastion presented and was refused for, in memory: a bastion behind a jump host
   * cannot be probed directly, so its key is shown (and trusted) as the refused connection saw it.
   */
  private readonly refused = new Map<string, HostKeyCheck>()

  constructor(dataDir: string) {
    this.path = join(dataDir, 'known_hosts.json')
    this.file = new SerialFile(this.path)
  }

  private async read(): Promise<KnownHostsFile> {
    const raw = await readFileIfExists(this.path)
    if (raw === null) return { version: 1, hosts: {} }
    const parsed = fileSchema.safeParse(tryParseJson(raw))
    if (parsed.success) return parsed.data
    // Unreadable: kept aside, and every bastion is unknown again (refused) rather than trusted blindly.
    await rename(this.path, `${this.path}.corrupt-${Date.now()}`)
    return { version: 1, hosts: {} }
  }

  /** Compares the key a bastion presents with the trusted one. */
  async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
    const fingerprint = fingerprintOf(keyBlob)
    const keyType = keyTypeOf(keyBlob)
    const name = hostKeyName(host, port)
    const trusted = (await this.file.run(() => this.read())).hosts[name]
    if (trusted?.fingerprint === fingerprint) return { host, port, keyType, fingerprint, state: 'trusted' }
    const refused: HostKeyCheck = trusted
      ? { host, port, keyType, fingerprint, state: 'changed', trustedFingerprint: trusted.fingerprint }
      : { host, port, keyType, fingerprint, state: 'unknown' }
    this.refused.set(name, refused)
    return refused
  }

  /** The key `host:port` was last refused for in this run, if any. */
  lastRefused(host: string, port: number): HostKeyCheck | undefined {
    return this.refused.get(hostKeyName(host, port))
  }

  /** Remembers `presented` as the key of its bastion (replacing a changed one). */
  async trust(presented: HostKeyCheck): Promise<void> {
    await this.file.run(async () => {
      const all = await this.read()
      all.hosts[hostKeyName(presented.host, presented.port)] = {
        keyType: presented.keyType,
        fingerprint: presented.fingerprint,
        trustedAt: new Date().toISOString()
      }
      await this.file.write(`${JSON.stringify(all, null, 2)}\n`)
      this.refused.delete(hostKeyName(presented.host, presented.port))
    })
  }
}
