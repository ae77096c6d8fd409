/** Polls `check` until it gives a truthy value, which it returns; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | null | false,
  what: string,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
