/** How opening a session ended: OK, or the error's code and message (for tests that expect refusals). */
export const openOutcome = async (
  open: () => Promise<{ close(): Promise<void> }>
): Promise<{ code: string; message: string }> => {
  try {
    const session = await open()
    await session.close()
    return { code: 'OK', message: '' }
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown }
    return { code: String(e.code), message: String(e.message) }
  }
}
