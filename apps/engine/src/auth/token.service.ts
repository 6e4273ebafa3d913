import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessClaims } from './identity';

/** Issues access tokens; sign-in with passwords arrives with the organisation module. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(claims: AccessClaims, expiresIn: string | number = '15m'): string {
    return this.jwt.sign({ ...claims }, { expiresIn: expiresIn as never });
  }
}
