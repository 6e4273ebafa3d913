/** MongoDB's duplicate-key error (11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/** An unordered bulk write or insertMany whose only failures are duplicate keys: what was there already stays. */
export function onlyDuplicateKeys(error: unknown): boolean {
  const failures = (error as { writeErrors?: unknown[] } | null)?.writeErrors;
  if (!Array.isArray(failures) || failures.length === 0) return isDuplicateKey(error);
  return failures.every((e) => isDuplicateKey(e) || isDuplicateKey((e as { err?: unknown }).err));
}

/**
 * A database trouble that passes: the server is unreachable for a moment.
 * Callers may retry; HTTP answers 503 with Retry-After instead of 500.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | null;
  if (!e) return false;
  return ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError'].includes(e.name ?? '');
}
