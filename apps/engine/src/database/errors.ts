/** MongoDB's duplicate-key error (11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
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
