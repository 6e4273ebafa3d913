import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../api/domain-error';
import { Public } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { EngineMetrics } from './engine-metrics.service';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Prometheus scrapes GET /metrics with `Authorization: Bearer $METRICS_TOKEN`.
 * The figures are the whole process's, across tenants, so a tenant's sign-in
 * does not open them; METRICS_PUBLIC=true opens them where the port is private.
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('metrics')
  @Public()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    this.authorise(authorization);
    const { contentType, body } = await this.metrics.text();
    // written as is: Express's send() would reorder the content type's parameters
    res.setHeader('Content-Type', contentType);
    res.end(body);
  }

  private authorise(authorization: string | undefined): void {
    const refusal = metricsRefusal(this.config, authorization);
    if (refusal) throw refusal;
  }
}

/** Why a scrape is refused, or null: the rule of /metrics on the API port and on a worker's METRICS_PORT alike. */
export function metricsRefusal(config: Pick<Config, 'METRICS_PUBLIC' | 'METRICS_TOKEN'>, authorization: string | undefined): DomainError | null {
  if (config.METRICS_PUBLIC) return null;
  const token = config.METRICS_TOKEN;
  if (!token) return new DomainError('unauthenticated', 'metrics are closed: set METRICS_TOKEN (or METRICS_PUBLIC=true) on the engine');
  const sent = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  // compared as digests: equal lengths, and no early exit that tells how much matched
  if (!timingSafeEqual(digest(sent), digest(token))) return new DomainError('unauthenticated', 'send "Authorization: Bearer <METRICS_TOKEN>"');
  return null;
}
