import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import nodemailer, { type Transporter } from 'nodemailer';
import { CONFIG, type Config } from '../config/config';
import { isDuplicateKey } from '../database/errors';
import { parsePolicy, send, type OutboundPolicy } from '../net/outbound';
import { CUSTOMER_MESSAGE, type CustomerMessageRecord } from './campaign.schema';

export interface OutgoingMessage {
  tenantId: string;
  campaignId: string;
  customerId: string;
  email: string | null;
  variant: string;
  /** the idempotency key: the same for a message re-sent after a crash */
  key: string;
  subject: string | null;
  body: string;
}

export interface ChannelSender {
  send(message: OutgoingMessage, config: Record<string, unknown>): Promise<void>;
}

/**
 * One sender per channel node type (channel.in-app, channel.email,
 * channel.webhook). A new channel is a node in packages/dsl plus a sender here.
 */
@Injectable()
export class ChannelSenders implements OnApplicationShutdown {
  private readonly mail: Transporter | null;
  private readonly senders: Record<string, ChannelSender>;
  private readonly policy: OutboundPolicy;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(CUSTOMER_MESSAGE) private readonly inbox: Model<CustomerMessageRecord>,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.policy = parsePolicy(config.OUTBOUND_ALLOWED_HOSTS, config.OUTBOUND_ALLOW_PRIVATE);
    this.mail = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
    this.senders = {
      'channel.in-app': { send: (m) => this.inApp(m) },
      'channel.email': { send: (m) => this.email(m) },
      'channel.webhook': { send: (m, c) => this.webhook(m, String(c.url)) },
    };
  }

  onApplicationShutdown(): void {
    this.mail?.close();
  }

  senderFor(type: string): ChannelSender {
    const sender = this.senders[type];
    if (!sender) throw new Error(`no sender for channel "${type}"`);
    return sender;
  }

  private async inApp(m: OutgoingMessage): Promise<void> {
    try {
      await this.inbox.create({ tenantId: m.tenantId, key: m.key, customerId: m.customerId, campaignId: m.campaignId, variant: m.variant, subject: m.subject, body: m.body, createdAt: this.clock.now() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  private async email(m: OutgoingMessage): Promise<void> {
    if (!this.mail) throw new Error('e-mail is not configured (SMTP_URL)');
    if (!m.email) throw new Error('the customer has no e-mail address');
    // the Message-ID carries the idempotency key, so a receiving system can drop a re-send
    await this.mail.sendMail({ from: this.config.MAIL_FROM, to: m.email, subject: m.subject ?? '', html: m.body, messageId: `<${m.key}@baton>`, headers: { 'Idempotency-Key': m.key } });
  }

  /**
   * Under the outbound policy, like every request Baton makes (a refused URL
   * fails the recipient at once: OutboundRefused is not retryable), over
   * node:http with kept-alive sockets (fetch's web streams were about a
   * third of a campaign's CPU).
   */
  private async webhook(m: OutgoingMessage, url: string): Promise<void> {
    const response = await send({
      url, method: 'POST', timeoutMs: 10_000, maxBytes: 64 * 1024,
      headers: { 'content-type': 'application/json', 'idempotency-key': m.key },
      body: JSON.stringify({ campaignId: m.campaignId, customerId: m.customerId, variant: m.variant, subject: m.subject, body: m.body, key: m.key }),
    }, this.policy);
    if (response.status < 200 || response.status >= 300) throw new Error(`webhook answered ${response.status}`);
  }
}
