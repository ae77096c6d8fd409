/** A key as the owner may see it: its kind and mode, then the last four characters (`rk_live_…9f3a`). */
export function maskKey(key: string): string {
  const kind = /^(sk|rk|pk)_(test|live)_/.exec(key);
  return `${kind ? kind[0] : ''}…${key.slice(-4)}`;
}
