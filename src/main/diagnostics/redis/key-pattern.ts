/**
 * Key name -> the pattern it belongs to, for "memory by key prefix": segments that are ids (numbers,
 * UUIDs, long hex, long base64-ish tokens) become `*`, so `user:123:profile` and `user:9:profile` group as
 * `user:*:profile`.
 */
const SEPARATORS = /([:./|#_-])/
const ID_SEGMENT =
  /^(?:\d+|[0-9a-fA-F]{8,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9+=]{20,})$/

export const keyPattern = (key: string): string => {
  // A UUID contains '-' separators: replace it whole before splitting.
  const noUuid = key.replace(
    /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g,
    '*'
  )
  return noUuid
    .split(SEPARATORS)
    .map((seg, i) => (i % 2 === 1 ? seg : ID_SEGMENT.test(seg) ? '*' : seg))
    .join('')
}
