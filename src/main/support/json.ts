/** JSON.parse that returns undefined instead of throwing: callers validate the shape with zod anyway. */
export const tryParseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}
