import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_GUARD } from '@nestjs/core';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { CONFIG, type Config } from '../config/config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { ACCOUNTS, type Accounts } from './accounts.ports';
import { AuthService } from './auth.service';
import { API_KEY, ApiKeySchema, REFRESH_TOKEN, RefreshTokenSchema } from './credential.schema';
import { RateLimits } from './rate-limits';

@Global()
@Module({})
export class AuthModule {
  /** Auth with the people it signs in: `accounts`, a provider of `module` (org's users, bound by app.module.ts). */
  static with(module: Type, accounts: Type<Accounts>): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        MongooseModule.forFeature([{ name: REFRESH_TOKEN, schema: RefreshTokenSchema }, { name: API_KEY, schema: ApiKeySchema }]),
        module,
        JwtModule.registerAsync({
          inject: [CONFIG],
          useFactory: (config: Config) => {
            // one key object for every token: given the secret as a string, jsonwebtoken first tries it as a PEM
            // public (or private) key, throws, and then makes a secret key, on every request (5 % of an approval's CPU)
            const key = createSecretKey(Buffer.from(config.JWT_SECRET));
            return {
              // a caller's own secret (the queue board's session key) still wins
              secretOrKeyProvider: (_type, _token, options) => (options as { secret?: string } | undefined)?.secret ?? key,
              signOptions: { algorithm: 'HS256' },
            };
          },
        }),
      ],
      controllers: [AuthController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, { provide: ACCOUNTS, useExisting: accounts }, AuthService, RateLimits],
      exports: [AuthService, RateLimits],
    };
  }
}
