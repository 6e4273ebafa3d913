import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CLOCK, type Clock } from '../clock/clock';
import { Inject, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Model } from 'mongoose';
import { CONFIG, type Config } from '../config/config';
import { OutboundRefused, parsePolicy, send, type OutboundPolicy } from '../net/outbound';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { DELIVERY, type DeliveryAttempt, type DeliveryRecord } from './webhook.schema';
import { WEBHOOKS_QUEUE, WebhooksService, type DeliveryJob } from './webhooks.service';

/**
 * Sends one delivery per job: signed, under the outbound policy, every
 * attempt logged. A non-2xx answer or an error throws, so BullMQ retries
 * with exponential backoff; after the last attempt the delivery is failed
 * (and can be replayed); a URL the outbound policy refuses fails at once,
 * as it would be refused again. A delivery that already succeeded is not sent again
 * unless it is a replay.
 */
@Processor(WEBHOOKS_QUEUE, { concurrency: 8 })
export class WebhooksWorker extends WorkerHost {
  private readonly logger = new Logger(WebhooksWorker.name);
  private readonly policy: OutboundPolicy;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly webhooks: WebhooksService,
    @InjectModel(DELIVERY) private readonly deliveries: Model<DeliveryRecord>,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    super();
    this.policy = parsePolicy(config.OUTBOUND_ALLOWED_HOSTS, config.OUTBOUND_ALLOW_PRIVATE);
  }

  async process(job: Job<DeliveryJob>): Promise<void> {
    const { tenantId, deliveryId, replay } = job.data;
    const delivery = await this.deliveries.findOne({ _id: deliveryId, tenantId }).lean();
    if (!delivery || (delivery.status === 'succeeded' && !replay)) return;
    const target = await this.webhooks.signingSecret(tenantId, delivery.subscriptionId);
    if (!target || !target.active) {
      await this.deliveries.updateOne({ _id: deliveryId, tenantId }, { $set: { status: 'failed' } });
      return;
    }
    const body = JSON.stringify(delivery.payload);
    const started = Date.now();
    let attempt: DeliveryAttempt;
    let refused = false;
    try {
      const answer = await send({
        url: target.url, method: 'POST', body, timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, maxBytes: 64_000,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(target.secret, body),
          'baton-event-id': delivery.eventId,
          'baton-event': delivery.event,
          'baton-delivery-attempt': String(job.attemptsMade + 1),
        },
      }, this.policy);
      attempt = { at: this.clock.now(), status: answer.status, error: answer.status < 300 ? null : `answered ${answer.status}`, ms: this.clock.nowMs() - started, replay };
    } catch (error) {
      refused = error instanceof OutboundRefused;
      attempt = { at: this.clock.now(), status: null, error: error instanceof Error ? error.message : String(error), ms: this.clock.nowMs() - started, replay };
    }
    const ok = attempt.error === null;
    // the policy will refuse the same URL next time too: no retry
    const last = refused || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.deliveries.updateOne({ _id: deliveryId, tenantId }, {
      $push: { attempts: attempt },
      $set: ok ? { status: 'succeeded', deliveredAt: attempt.at } : last ? { status: 'failed' } : {},
    });
    if (!ok) {
      if (last) this.logger.warn(`webhook delivery ${deliveryId} failed after ${job.attemptsMade + 1} attempts: ${attempt.error}`);
      throw refused ? new UnrecoverableError(attempt.error!) : new Error(attempt.error!);
    }
  }
}
