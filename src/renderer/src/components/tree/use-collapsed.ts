import { useState } from 'react'

/** Which rows of a tree are folded: toggle one, unfold the way to one, unfold all. */
export const useCollapsed = <K>() => {
  const [collapsed, setCollapsed] = useState<ReadonlySet<K>>(() => new Set())
  /** `open` forces a state; without it the row flips. */
  const toggle = (key: K, open?: boolean) =>
    setCollapsed((old) => {
      const next = new Set(old)
      if (open === undefined ? !old.has(key) : !open) next.add(key)
      else next.delete(key)
      return next
    })
  /** Unfolds the given rows (the ancestors of one being selected) so the tree can show it. */
  const reveal = (keys: readonly K[]) => {
    if (keys.some((k) => collapsed.has(k)))
      setCollapsed((old) => new Set([...old].filter((k) => !keys.includes(k))))
  }
  const expandAll = () => setCollapsed(new Set())
  return { collapsed, toggle, reveal, expandAll }
}
