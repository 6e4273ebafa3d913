import { Type, type Static } from '@sinclair/typebox';
import { TENANT_LOCALES, TenantSettingsSchema, WorkingCalendarSchema } from '@baton/dsl';

const SettingsPatch = Type.Object({
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  locale: Type.Optional(Type.Union(TENANT_LOCALES.map((l) => Type.Literal(l)))),
  brandingName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  calendar: Type.Optional(WorkingCalendarSchema),
}, { additionalProperties: false });

// the same shape as an organisation id: what people type at sign-in
const ORG_ID = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export const TenantParams = Type.Object({ id: Type.String({ pattern: ORG_ID }) });
export const TenantBody = Type.Object({
  id: Type.String({ pattern: ORG_ID, description: 'what people type at sign-in' }),
  admin: Type.Object({
    id: Type.String({ pattern: ORG_ID, default: 'admin' }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 10, maxLength: 200 }),
  }, { additionalProperties: false, description: 'the first super admin' }),
  settings: Type.Optional(SettingsPatch),
}, { additionalProperties: false });
export { SettingsPatch };

export type TenantInput = Static<typeof TenantBody>;
export type SettingsChange = Static<typeof SettingsPatch>;

/** What the routes answer. */
export const Tenant = Type.Object({ id: Type.String(), settings: TenantSettingsSchema }, { additionalProperties: false });
export const TenantCreated = Type.Object({
  id: Type.String(), settings: TenantSettingsSchema, admin: Type.Object({ id: Type.String(), email: Type.String() }, { additionalProperties: false }),
}, { additionalProperties: false });
export const SignInFace = Type.Object({ tenant: Type.String(), brandingName: Type.String(), locale: Type.Union(TENANT_LOCALES.map((l) => Type.Literal(l))) }, { additionalProperties: false });
