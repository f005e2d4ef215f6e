import { constants } from 'node:fs'
import { mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { AppFailure } from '../../shared/errors'

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT'])

/** ENOSPC/EDQUOT become DISK_FULL naming the path, so the user knows what to free; anything else is kept. */
export const asDiskFull = (err: unknown, path: string): unknown =>
  NO_SPACE.has((err as NodeJS.ErrnoException | null)?.code ?? '')
    ? new AppFailure(
        'DISK_FULL',
        `The disk is full: ${path} could not be written and was left as it was. Free some space and try again.`
      )
    : err

/** `.<name>.<pid>.<random>.tmp`: the pid tells a clean-up whether the writer may still be running. */
const tempName = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`)

const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW

const syncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Write a file so that a crash at any point leaves either the old or the new content, never a mix:
 * write a fresh temp file beside it (O_EXCL|O_NOFOLLOW: never through a planted file or link), fsync it,
 * rename over the target, fsync the directory. The temp is removed after any failure.
 */
export const writeFileAtomic = async (path: string, data: string, mode = 0o600): Promise<void> => {
  const dir = dirname(path)
  const tmp = tempName(path)
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const handle = await open(tmp, TEMP_FLAGS, mode)
    try {
      await handle.writeFile(data, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => undefined)
    throw asDiskFull(err, path)
  }
  await syncDirectory(dir)
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temp files a killed writer of `path` left behind (a crash between open and rename), so they
 * do not eat the disk. Temps of a process still running (another instance on the same data dir) are kept.
 * Returns how many were removed.
 */
export const removeStaleTemps = async (path: string): Promise<number> => {
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = await readdir(dirname(path))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw err
  }
  let removed = 0
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue
    const pid = Number(name.slice(prefix.length).split('.')[0])
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) continue
    await unlink(join(dirname(path), name)).catch(() => undefined)
    removed++
  }
  return removed
}

/**
 * One writer per persisted file: steps run one at a time in call order, so a read-modify-write never
 * works from a stale copy. The first step removes stale temps. A failed step does not block later ones.
 */
export class SerialFile {
  private tail: Promise<unknown>

  constructor(readonly path: string) {
    this.tail = removeStaleTemps(path).catch(() => undefined)
  }

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step)
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Only inside a step: an atomic replace of the file. */
  write(data: string, mode?: number): Promise<void> {
    return writeFileAtomic(this.path, data, mode)
  }
}

/** Read a file, or null when it does not exist (any other error propagates). */
export const readFileIfExists = async (path: string): Promise<string | null> => {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}
