import { Controller, Delete, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Instant, Items, Nullable, Reply, ValidBody, ValidParams } from '../api/contract';
import { AuthService } from './auth.service';
import { Actor, Public, Roles, type Identity } from './identity';

const LoginBody = Type.Object({
  tenant: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
const KeyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: Type.Union([Type.Literal('member'), Type.Literal('superAdmin')], { description: 'what the key may do; no default, so a key never gets more (or less) than was meant' }),
}, { additionalProperties: false });
const KeyParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const Tokens = Type.Object({
  accessToken: Type.String(), refreshToken: Type.String(), expiresIn: Type.Integer({ description: 'seconds the access token lasts' }),
  user: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }, { additionalProperties: false }),
}, { additionalProperties: false });
const Me = Type.Object({
  tenantId: Type.String(), userId: Type.String({ description: 'the user id, or "key:<id>" for an API key' }), name: Type.String(),
  roles: Type.Array(Type.String()), adminOf: Type.Array(Type.String()), kind: Type.Union([Type.Literal('user'), Type.Literal('key')]), ip: Nullable(Type.String()),
}, { additionalProperties: false });
const NewKey = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), key: Type.String({ description: 'shown in this answer only' }), note: Type.String() }, { additionalProperties: false });
const Key = Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), createdBy: Type.String(), createdAt: Instant, revokedAt: Nullable(Instant) }, { additionalProperties: false });

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: a 15-minute access token and a refresh token; 429 after repeated failures' })
  @Reply(Tokens, { errors: [401, 429] })
  login(@ValidBody(LoginBody) b: Static<typeof LoginBody>, @Ip() ip: string) {
    return this.auth.login(b.tenant, b.email, b.password, ip);
  }

  @Post('auth/refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'New tokens for a refresh token (which is then revoked)' })
  @Reply(Tokens, { errors: [401] })
  refresh(@ValidBody(RefreshBody) b: Static<typeof RefreshBody>) {
    return this.auth.refresh(b.refreshToken);
  }

  @Post('auth/logout')
  @Public()
  @HttpCode(204)
  @Reply()
  async logout(@ValidBody(RefreshBody) b: Static<typeof RefreshBody>) {
    await this.auth.logout(b.refreshToken);
  }

  @Get('auth/me')
  @ApiBearerAuth()
  @Reply(Me)
  me(@Actor() actor: Identity) {
    return actor;
  }

  @Post('api-keys')
  @Roles('superAdmin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an API key; the key is in this answer only' })
  @Reply(NewKey)
  createKey(@Actor() actor: Identity, @ValidBody(KeyBody) b: Static<typeof KeyBody>) {
    return this.auth.createKey(actor, b.name, b.role);
  }

  @Get('api-keys')
  @Roles('superAdmin')
  @ApiBearerAuth()
  @Reply(Items(Key))
  listKeys(@Actor() actor: Identity) {
    return this.auth.listKeys(actor);
  }

  @Delete('api-keys/:id')
  @Roles('superAdmin')
  @HttpCode(204)
  @ApiBearerAuth()
  @Reply()
  async revokeKey(@Actor() actor: Identity, @ValidParams(KeyParams) p: Static<typeof KeyParams>) {
    await this.auth.revokeKey(actor, p.id);
  }
}
