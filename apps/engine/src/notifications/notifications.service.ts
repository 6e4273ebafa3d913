import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import nodemailer, { type Transporter } from 'nodemailer';
import { NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { isDuplicateKey } from '../database/errors';
import { INSTANCE, type InstanceRecord, type NotifyEffect } from '../instances/instance.schema';
import { PeopleRepository } from '../org/people.repository';
import { render } from './messages';
import { NOTIFICATION, type NotificationRecord } from './notification.schema';

/**
 * Delivers notify effects: one in-app notification per recipient (keyed by
 * the effect, so a retried job adds nothing) and, when SMTP_URL is set, an
 * e-mail, marked sent so a retry does not send it twice.
 */
@Injectable()
export class NotificationsService implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly mail: Transporter | null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(NOTIFICATION) private readonly notifications: Model<NotificationRecord>,
    @InjectModel(INSTANCE) private readonly instances: Model<InstanceRecord>,
    private readonly users: PeopleRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.mail = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
  }

  onApplicationShutdown(): void {
    this.mail?.close();
  }

  async deliver(tenantId: string, instanceId: string, effect: NotifyEffect & { id: string }): Promise<void> {
    const instance = await this.instances.findOne({ _id: instanceId, tenantId }).select({ serial: 1, title: 1, status: 1 }).lean();
    if (!instance) return;
    const people = await this.users.many(tenantId, [...effect.to, effect.actor]);
    const actor = people.find((p) => p.id === effect.actor)?.name ?? effect.actor;
    const { title, body } = render(effect.kind, {
      instance: { serial: instance.serial, title: instance.title, status: instance.status }, node: effect.node, actor, comment: effect.comment,
    });
    for (const userId of new Set(effect.to)) {
      const id = `${effect.id}.${userId}`;
      try {
        await this.notifications.create({ tenantId, id, userId, kind: effect.kind, instanceId, title, body, read: false, emailedAt: null, createdAt: this.clock.now() });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const person = people.find((p) => p.id === userId);
      if (this.mail && person?.active && person.email) await this.email(tenantId, id, person.email, title, body);
    }
  }

  async mine(actor: Identity, unreadOnly: boolean, limit: number) {
    const query = { tenantId: actor.tenantId, userId: actor.userId, ...(unreadOnly ? { read: false } : {}) };
    const [items, unread] = await Promise.all([
      this.notifications.find(query).sort({ createdAt: -1 }).limit(limit).lean(),
      this.notifications.countDocuments({ tenantId: actor.tenantId, userId: actor.userId, read: false }),
    ]);
    return { items: items.map((n) => ({ id: n.id, kind: n.kind, instanceId: n.instanceId, title: n.title, body: n.body, read: n.read, createdAt: n.createdAt })), unread };
  }

  async markRead(actor: Identity, id: string): Promise<void> {
    const result = await this.notifications.updateOne({ tenantId: actor.tenantId, userId: actor.userId, id }, { $set: { read: true } });
    if (result.matchedCount === 0) throw new NotFound('notification', id);
  }

  async markAllRead(actor: Identity): Promise<{ marked: number }> {
    const result = await this.notifications.updateMany({ tenantId: actor.tenantId, userId: actor.userId, read: false }, { $set: { read: true } });
    return { marked: result.modifiedCount };
  }

  private async email(tenantId: string, id: string, to: string, subject: string, html: string): Promise<void> {
    const pending = await this.notifications.findOne({ tenantId, id, emailedAt: null }).select({ _id: 1 }).lean();
    if (!pending) return;
    await this.mail!.sendMail({ from: this.config.MAIL_FROM, to, subject, html: `<p>${html}</p>`, headers: { 'X-Baton-Notification': id } });
    await this.notifications.updateOne({ tenantId, id }, { $set: { emailedAt: this.clock.now() } });
    this.logger.debug(`e-mailed ${id}`);
  }
}
