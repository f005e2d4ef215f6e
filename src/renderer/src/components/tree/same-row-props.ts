/**
 * Props equality for a memoised tree row: every prop by identity, and `flags` (a fresh object each
 * render of the tree) by its fields. With it, scrolling renders only the rows that come into view.
 */
export const sameRowProps = <P extends { flags: object }>(a: P, b: P): boolean => {
  const keys = Object.keys(a) as (keyof P)[]
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => {
    if (key !== 'flags') return Object.is(a[key], b[key])
    const fa = a.flags as Record<string, unknown>
    const fb = b.flags as Record<string, unknown>
    const fields = Object.keys(fa)
    return fields.length === Object.keys(fb).length && fields.every((f) => Object.is(fa[f], fb[f]))
  })
}
