/**
 * The words of shaped texts the engine and the designer share: the engine
 * refuses with them (`x-message`, or a refusal a page shows as its state),
 * the designer translates them.
 */
export const WORDS = {
  id: 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  nameId: 'must be a letter, then up to 63 letters, digits, "_" or "-"',
  key: 'must be a letter, then up to 63 letters, digits or "_"',
  clock: 'must be a time of day as HH:MM, like 09:30',
  roleCode: 'must be a lower-case letter, then up to 63 letters, digits, "_" or "-"',
  phone: 'must be a phone number: 5 to 20 digits, spaces, "(", ")" or "-", after an optional "+"',
  email: 'must be an e-mail address, like ana@example.com',
  signature: 'must be a signature drawn in the form',
  operatorsOnly: 'only operators (super admins of the operator tenants) manage tenants',
  noOperatorTenant: 'no operator tenant is configured (OPERATOR_TENANTS)',
} as const;
