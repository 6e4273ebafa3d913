import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { createHmac } from 'node:crypto';
import { DomainError } from '../api/domain-error';
import { sendProblem } from '../api/problem.filter';
import { AuthService } from '../auth/auth.service';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';

export const BOARD_PATH = '/admin/queues';
export const BOARD_COOKIE = 'baton_board';
const SESSION_SECONDS = 15 * 60;

interface BoardClaims {
  sub: string;
  tid: string;
}

/**
 * bull-board over every BullMQ queue this process registers, for super
 * admins. A browser that navigates cannot send a bearer header, so a signed-in
 * super admin first asks for a board session (POST /api/v1/admin/queues/session):
 * a 15-minute HttpOnly, SameSite=Strict cookie scoped to /admin/queues, signed
 * with a key derived from JWT_SECRET so it is never taken for an access token
 * (nor an access token for it). Each board request checks again that the
 * person is active and a super admin.
 */
@Injectable()
export class QueueBoard implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueBoard.name);
  private readonly adapter = new ExpressAdapter().setBasePath(BOARD_PATH);
  private readonly board = createBullBoard({ queues: [], serverAdapter: this.adapter, options: { uiConfig: { boardTitle: 'Baton queues' } } });
  private readonly key: string;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.key = createHmac('sha256', config.JWT_SECRET).update('baton queue board session').digest('base64url');
  }

  onApplicationBootstrap(): void {
    const queues = new Map<string, Queue>();
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof Queue && !queues.has(instance.name)) queues.set(instance.name, instance);
    }
    this.board.replaceQueues([...queues.values()].map((queue) => new BullMQAdapter(queue)));
    this.logger.log(`queue board at ${BOARD_PATH}: ${[...queues.keys()].sort().join(', ')}`);
  }

  /** The Express handler mounted at BOARD_PATH: the access check, then the board. */
  get handler() {
    const router = this.adapter.getRouter();
    return (req: Request, res: Response, next: NextFunction) => {
      this.admit(req).then(() => router(req, res, next), (error: unknown) => sendProblem(res, error, this.logger));
    };
  }

  /** Whether this person may open the board; a refusal says why. */
  mayOpen(identity: Identity): void {
    if (identity.kind !== 'user' || !identity.roles.includes('superAdmin')) throw new DomainError('forbidden', 'the queue board is for super admins');
    const tenants = this.config.OPERATOR_TENANTS.split(',').map((t) => t.trim()).filter(Boolean);
    if (tenants.length > 0 && !tenants.includes(identity.tenantId)) throw new DomainError('forbidden', 'the queue board is for super admins of the operator tenants');
  }

  /** A session cookie for the board, for a person who may open it. */
  async openSession(identity: Identity, secure: boolean): Promise<{ cookie: string; expiresIn: number }> {
    this.mayOpen(identity);
    const claims: BoardClaims = { sub: identity.userId, tid: identity.tenantId };
    const token = await this.jwt.signAsync(claims, { secret: this.key, algorithm: 'HS256', expiresIn: SESSION_SECONDS });
    const attributes = [`Path=${BOARD_PATH}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${SESSION_SECONDS}`, ...(secure ? ['Secure'] : [])];
    return { cookie: `${BOARD_COOKIE}=${token}; ${attributes.join('; ')}`, expiresIn: SESSION_SECONDS };
  }

  private async admit(req: Request): Promise<void> {
    const token = cookieOf(req.headers.cookie, BOARD_COOKIE);
    if (!token) throw new DomainError('unauthenticated', `open a board session first: POST /api/v1/admin/queues/session as a super admin, then visit ${BOARD_PATH}`);
    let claims: BoardClaims;
    try {
      claims = await this.jwt.verifyAsync<BoardClaims & object>(token, { secret: this.key, algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthenticated', 'the board session is invalid or expired; open a new one');
    }
    // the cookie is SameSite=Strict; a state-changing request must also come from this origin
    if (!['GET', 'HEAD'].includes(req.method) && req.headers.origin && hostOf(req.headers.origin) !== req.headers.host) {
      throw new DomainError('forbidden', 'the queue board accepts changes from its own origin only');
    }
    const identity = await this.auth.identityOfUser(claims.tid, claims.sub, req.ip ?? null);
    if (!identity) throw new DomainError('unauthenticated', 'the account does not exist or is deactivated');
    this.mayOpen(identity);
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
