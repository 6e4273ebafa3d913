import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EffectHandlers, type EventRef } from '../effects/effect-handlers.service';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import nodemailer, { type Transporter } from 'nodemailer';
import { NotFound } from '../api/domain-error';
import type { Identity } from '../auth/identity';
import { CONFIG, type Config } from '../config/config';
import { onlyDuplicateKeys } from '../database/errors';
import { GroupWrite } from '../database/group-write';
import { taskIdOf, type NotifyEffect } from '@baton/dsl';
import { DecisionLinksService, type MessageLinks } from '../decision-links/decision-links.service';
import { InstancesRepository } from '../instances/instances.repository';
import { PeopleRepository } from '../org/people.repository';
import { render } from './messages';
import { NOTIFICATION, type NotificationRecord } from './notification.schema';

/**
 * Delivers notify effects: one in-app notification per recipient (keyed by
 * the effect, so a retried job adds nothing) and, when SMTP_URL is set, an
 * e-mail, marked sent so a retry does not send it twice.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly mail: Transporter | null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(NOTIFICATION) private readonly notifications: Model<NotificationRecord>,
    private readonly instances: InstancesRepository,
    private readonly users: PeopleRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly handlers: EffectHandlers,
    private readonly links: DecisionLinksService,
  ) {
    this.mail = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
    this.inserts = new GroupWrite((docs) => this.notifications.collection.insertMany(docs as never[], { ordered: false }));
  }

  private readonly inserts: GroupWrite<NotificationRecord>;

  onModuleInit(): void {
    this.handlers.on('notify', 'notifications', (effects, event) => this.deliver(event.tenantId, event.instanceId, effects, event));
  }

  onApplicationShutdown(): void {
    this.mail?.close();
  }

  /**
   * Effects: one event's notifications, written in one insert (a retried job
   * meets its own ids and adds nothing), then e-mailed when SMTP_URL is set.
   */
  async deliver(tenantId: string, instanceId: string, effects: ReadonlyArray<NotifyEffect & { id: string }>, { shared, people: named }: Pick<EventRef, 'shared' | 'people'> = {}): Promise<void> {
    const instance = await this.instances.summary(tenantId, instanceId, shared);
    if (!instance) return;
    const people = await (await this.users.lookup(tenantId, shared, named)).many(effects.flatMap((e) => [...e.to, e.actor]));
    const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
    const now = this.clock.now();
    const records = effects.flatMap((effect) => {
      const { title, body } = render(effect.kind, {
        instance: { serial: instance.serial, title: instance.title, status: instance.status }, node: effect.node, actor: nameOf(effect.actor), comment: effect.comment,
      });
      return [...new Set(effect.to)].map((userId) => ({ tenantId, id: `${effect.id}.${userId}`, userId, kind: effect.kind, instanceId, title, body, read: false, emailedAt: null, createdAt: now }));
    });
    // with the notifications of other events performed at the same moment; those there already were a retry's
    // every field of the schema is given (the driver adds the _id): no mongoose document is needed to fill defaults
    await this.inserts.writeAll(records);
    if (!this.mail) return;
    for (const effect of effects) {
      for (const userId of new Set(effect.to)) {
        const record = records.find((r) => r.id === `${effect.id}.${userId}`)!;
        const person = people.find((p) => p.id === userId);
        if (!person?.active || !person.email) continue;
        // a notice about one's own open task carries one-tap links (or the task page where a link cannot decide)
        const links = (effect.kind === 'assigned' || effect.kind === 'reminder') && effect.node !== undefined && effect.visit !== undefined
          ? await this.links.linksAt(tenantId, instance, effect.node, taskIdOf(instanceId, effect.node, effect.visit, userId)) : null;
        await this.email(tenantId, record.id, person.email, record.title, record.body, links);
      }
    }
  }

  /** One in-app notice not caused by a request's event (an SOP step's reminder), kept once per id; not e-mailed. */
  async post(notice: { tenantId: string; id: string; userId: string; instanceId: string; title: string; body: string }): Promise<void> {
    try {
      await this.notifications.create({ ...notice, kind: 'sop' as never, read: false, emailedAt: null, createdAt: this.clock.now() });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
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

  private async email(tenantId: string, id: string, to: string, subject: string, html: string, links: MessageLinks | null): Promise<void> {
    const pending = await this.notifications.findOne({ tenantId, id, emailedAt: null }).select({ _id: 1 }).lean();
    if (!pending) return;
    await this.mail!.sendMail({ from: this.config.MAIL_FROM, to, subject, html: `<p>${html}</p>${links ? linksHtml(links) : ''}`, headers: { 'X-Baton-Notification': id } });
    await this.notifications.updateOne({ tenantId, id }, { $set: { emailedAt: this.clock.now() } });
    this.logger.debug(`e-mailed ${id}`);
  }
}

/** The links under a notice: approve and reject (each opens a page to confirm and comment), and the task itself. */
function linksHtml(links: MessageLinks): string {
  const a = (href: string, words: string) => `<a href="${href.replace(/"/g, '&quot;')}">${words}</a>`;
  return 'approve' in links
    ? `<p>${a(links.approve, 'Approve · 同意')} &nbsp; ${a(links.reject, 'Reject · 驳回')} &nbsp; ${a(links.open, 'Open the task · 打开待办')}</p>`
    : `<p>${a(links.open, 'Open the task to decide (this step needs your signature or edits) · 打开待办处理')}</p>`;
}
