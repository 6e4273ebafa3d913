/** MongoDB's duplicate-key error (11000), as MongoDB and FerretDB both report it. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/**
 * A database trouble that passes: the server is unreachable for a moment, or
 * FerretDB's SQLite answers "database is locked" under a burst of writes.
 * Callers may retry; HTTP answers 503 with Retry-After instead of 500.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | null;
  if (!e) return false;
  if (['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError'].includes(e.name ?? '')) return true;
  return e.name === 'MongoServerError' && /SQLITE_BUSY|database is locked/.test(e.message ?? '');
}
