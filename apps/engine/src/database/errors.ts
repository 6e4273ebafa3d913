/** MongoDB's duplicate-key error (11000), as MongoDB and FerretDB both report it. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}
