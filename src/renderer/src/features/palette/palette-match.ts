/**
 * How well a label matches what was typed, best first: 0 starts with it, 1 contains it, 2 holds its
 * letters in order (so "ordpr" finds "orders-primary"); null when it does not match at all.
 */
export const matchRank = (label: string, query: string): 0 | 1 | 2 | null => {
  const q = query.trim().toLowerCase()
  const l = label.toLowerCase()
  if (q === '' || l.startsWith(q)) return 0
  if (l.includes(q)) return 1
  let at = 0
  for (const ch of q) {
    if (ch === ' ') continue
    at = l.indexOf(ch, at)
    if (at === -1) return null
    at += 1
  }
  return 2
}

/** The items that match, best match first; equal ranks keep the list's own order. */
export const rankItems = <T extends { label: string }>(items: T[], query: string): T[] =>
  items
    .map((item, index) => ({ item, index, rank: matchRank(item.label, query) }))
    .filter((e): e is { item: T; index: number; rank: 0 | 1 | 2 } => e.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((e) => e.item)
