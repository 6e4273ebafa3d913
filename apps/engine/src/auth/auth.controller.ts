import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { body, openapi, params } from '../api/schema.pipe';
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

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiBody({ schema: openapi(LoginBody) })
  @ApiOperation({ summary: 'Sign in: a 15-minute access token and a refresh token; 429 after repeated failures' })
  login(@Body(body(LoginBody)) b: Static<typeof LoginBody>, @Ip() ip: string) {
    return this.auth.login(b.tenant, b.email, b.password, ip);
  }

  @Post('auth/refresh')
  @Public()
  @HttpCode(200)
  @ApiBody({ schema: openapi(RefreshBody) })
  @ApiOperation({ summary: 'New tokens for a refresh token (which is then revoked)' })
  refresh(@Body(body(RefreshBody)) b: Static<typeof RefreshBody>) {
    return this.auth.refresh(b.refreshToken);
  }

  @Post('auth/logout')
  @Public()
  @HttpCode(204)
  @ApiBody({ schema: openapi(RefreshBody) })
  async logout(@Body(body(RefreshBody)) b: Static<typeof RefreshBody>) {
    await this.auth.logout(b.refreshToken);
  }

  @Get('auth/me')
  @ApiBearerAuth()
  me(@Actor() actor: Identity) {
    return actor;
  }

  @Post('api-keys')
  @Roles('superAdmin')
  @ApiBearerAuth()
  @ApiBody({ schema: openapi(KeyBody) })
  @ApiOperation({ summary: 'Create an API key; the key is in this answer only' })
  createKey(@Actor() actor: Identity, @Body(body(KeyBody)) b: Static<typeof KeyBody>) {
    return this.auth.createKey(actor, b.name, b.role);
  }

  @Get('api-keys')
  @Roles('superAdmin')
  @ApiBearerAuth()
  listKeys(@Actor() actor: Identity) {
    return this.auth.listKeys(actor);
  }

  @Delete('api-keys/:id')
  @Roles('superAdmin')
  @HttpCode(204)
  @ApiBearerAuth()
  async revokeKey(@Actor() actor: Identity, @Param(params(KeyParams)) p: Static<typeof KeyParams>) {
    await this.auth.revokeKey(actor, p.id);
  }
}
