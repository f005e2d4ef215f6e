/**
 * Paths only the current user may control: serve's data dir and its token file. On a shared host another
 * user could otherwise plant profiles.json, redirect the audit log through a symlink or read the token.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  type Stats
} from 'node:fs'
import { join } from 'node:path'
import { AppFailure } from '../shared/errors'

const refuse = (message: string): never => {
  throw new AppFailure('REFUSED', message)
}

/** Windows has no uid: ownership is not checked there (the OS's ACLs on the profile dir apply). */
const assertOwnedByMe = (stats: Stats, what: string): void => {
  const uid = process.getuid?.()
  if (uid !== undefined && stats.uid !== uid)
    refuse(`${what} belongs to uid ${stats.uid}, not to you (uid ${uid}): refusing to use it.`)
}

const lstatOrNull = (path: string): Stats | null => {
  try {
    return lstatSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * Creates `dir` 0700 when absent; refuses one that is a symlink, not a directory, not the user's, or
 * writable by group/others, and one holding a symlink (a planted link would redirect profiles or audit).
 * Once the dir is the user's and private, nobody else can plant anything in it afterwards.
 */
export const ensurePrivateDir = (dir: string): void => {
  if (lstatOrNull(dir) === null) mkdirSync(dir, { recursive: true, mode: 0o700 })
  const stats = lstatSync(dir)
  const what = `The data dir ${dir}`
  if (stats.isSymbolicLink()) refuse(`${what} is a symlink: give the real directory.`)
  if (!stats.isDirectory()) refuse(`${what} is not a directory.`)
  assertOwnedByMe(stats, what)
  if ((stats.mode & 0o022) !== 0)
    refuse(`${what} is writable by group or others (mode ${(stats.mode & 0o777).toString(8)}): chmod 700 it.`)
  for (const name of readdirSync(dir))
    if (lstatSync(join(dir, name)).isSymbolicLink())
      refuse(`${join(dir, name)} is a symlink: the data dir's files are never followed elsewhere.`)
}

/** The trimmed text of a file that is the user's own, a regular file, and unreadable by group/others. */
export const readPrivateFile = (path: string, what: string): string => {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return refuse(`${what} ${path} is a symlink: give the real file.`)
    if (code === 'ENOENT') throw new AppFailure('NOT_FOUND', `${what} ${path} does not exist.`)
    throw err
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) refuse(`${what} ${path} is not a regular file.`)
    assertOwnedByMe(stats, `${what} ${path}`)
    if ((stats.mode & 0o077) !== 0)
      refuse(
        `${what} ${path} can be read by group or others (mode ${(stats.mode & 0o777).toString(8)}): chmod 600 it.`
      )
    return readFileSync(fd, 'utf8').trim()
  } finally {
    closeSync(fd)
  }
}
