import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../api/domain-error';
import { CLOCK, type Clock } from '../clock/clock';
import { CONFIG, type Config } from '../config/config';
import { isDuplicateKey } from '../database/errors';
import { InstancesRepository } from '../instances/instances.repository';
import { DefinitionsService } from '../definitions/definitions.service';
import { needsTaskPage, TasksService } from '../tasks/tasks.service';
import type { ApprovalConfig } from '@baton/dsl';
import { LINK_USE, type LinkUseRecord } from './decision-link.schema';
import { linkKey, readLink, signLink, type LinkClaims } from './link-token';

/** The links a message carries for one task: approve and reject, or the task page where a link cannot decide. */
export type MessageLinks = { approve: string; reject: string; open: string } | { open: string };

/** Why a link does nothing, as the confirmation page names it. */
export type LinkState = 'ready' | 'used' | 'expired' | 'forged' | 'closed' | 'taskPage';

/**
 * One-tap decisions from a message: signed, expiring links, each pair
 * usable once. Using one claims the pair's nonce with an insert (the unique
 * _id makes exactly one of two concurrent uses win), then decides as the
 * task's holder; a decision that fails gives the claim back.
 */
@Injectable()
export class DecisionLinksService {
  private readonly key: string;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    @InjectModel(LINK_USE) private readonly uses: Model<LinkUseRecord>,
    private readonly tasks: TasksService,
    private readonly instances: InstancesRepository,
    private readonly definitions: DefinitionsService,
  ) {
    this.key = linkKey(config);
  }

  /** Links for a message about `taskId` to its holder. */
  linksFor(tenantId: string, taskId: string, needsTaskPage: boolean, channel: LinkClaims['c'] = 'email'): MessageLinks {
    const base = this.config.PUBLIC_URL.replace(/\/+$/, '');
    const open = `${base}/#/inbox/${encodeURIComponent(taskId)}`;
    if (needsTaskPage) return { open };
    const claims = { t: tenantId, k: taskId, e: this.clock.now().getTime() + this.config.DECISION_LINK_HOURS * 3_600_000, n: randomUUID(), c: channel };
    const link = (d: LinkClaims['d']) => `${base}/#/decide/${signLink({ ...claims, d }, this.key)}`;
    return { approve: link('approve'), reject: link('reject'), open };
  }

  /** Links for a message about a task at `node` of a request (the node's config says whether a link may decide). */
  async linksAt(tenantId: string, request: { definitionId: string; version: number }, node: string, taskId: string): Promise<MessageLinks> {
    const { definition } = await this.definitions.machineFor(tenantId, request.definitionId, request.version);
    const config = (definition.nodes.find((n) => n.id === node)?.config ?? {}) as Pick<ApprovalConfig, 'requireSignature' | 'fields'>;
    return this.linksFor(tenantId, taskId, needsTaskPage(config));
  }

  /** What the confirmation page shows: the decision and the request, or why the link does nothing. */
  async preview(token: string) {
    const reading = readLink(token, this.key, this.clock.now());
    if (!reading.ok) return { state: reading.why as LinkState };
    const { claims } = reading;
    const { task, needsTaskPage } = await this.tasks.forLink(claims.t, claims.k);
    if (!task) return { state: 'forged' as LinkState };
    const about = await this.about(claims, task);
    if (await this.uses.exists({ _id: claims.n })) return { state: 'used' as LinkState, ...about };
    if (task.status !== 'pending') return { state: 'closed' as LinkState, ...about };
    if (needsTaskPage) return { state: 'taskPage' as LinkState, ...about };
    return { state: 'ready' as LinkState, ...about, expiresAt: new Date(claims.e) };
  }

  /** Decides with the link; a used, expired or forged link changes nothing and says why. */
  async use(token: string, comment: string | undefined, ip: string | null) {
    const reading = readLink(token, this.key, this.clock.now());
    if (!reading.ok) throw reading.why === 'expired' ? new LinkExpired() : new LinkForged();
    const { claims } = reading;
    const { task, needsTaskPage } = await this.tasks.forLink(claims.t, claims.k);
    if (!task) throw new LinkForged();
    if (needsTaskPage) throw new DomainError('unprocessable', 'this step needs a signature or form edits: open the task to decide');
    try {
      await this.uses.create({ _id: claims.n, tenantId: claims.t, taskId: claims.k, decision: claims.d, usedAt: this.clock.now() });
    } catch (error) {
      if (isDuplicateKey(error)) throw new LinkUsed();
      throw error;
    }
    try {
      const outcome = claims.d === 'approve' ? 'approved' : 'rejected';
      await this.tasks.decideByLink(claims.t, claims.k, outcome, claims.c, comment, ip);
      return { state: 'decided' as const, ...(await this.about(claims, task)) };
    } catch (error) {
      // the decision did not happen (the task was decided meanwhile, the database failed): the link may be tried again, and says what it finds
      await this.uses.deleteOne({ _id: claims.n, tenantId: claims.t });
      throw error;
    }
  }

  private async about(claims: LinkClaims, task: { instanceId: string; node: string; title: string; assignee: string }) {
    const instance = await this.instances.summary(claims.t, task.instanceId);
    const nodeTitle = instance ? await this.nodeTitle(claims.t, instance, task.node) : task.node;
    return { decision: claims.d, taskId: claims.k, serial: instance?.serial ?? '', title: instance?.title ?? task.title, node: task.node, nodeTitle, assignee: task.assignee };
  }

  /** The step as the flow names it, in the version the request runs (its id when the flow gives no title). */
  private async nodeTitle(tenantId: string, request: { definitionId: string; version: number }, node: string): Promise<string> {
    const { definition } = await this.definitions.machineFor(tenantId, request.definitionId, request.version);
    return definition.nodes.find((n) => n.id === node)?.title ?? node;
  }
}

export class LinkForged extends DomainError {
  constructor() {
    super('forbidden', 'this link is not one Baton sent (it was changed or made up); nothing was decided');
  }
}

export class LinkExpired extends DomainError {
  constructor() {
    super('gone', 'this link has expired; nothing was decided: open the task to decide');
  }
}

export class LinkUsed extends DomainError {
  constructor() {
    super('conflict', 'this link was already used; nothing more was decided');
  }
}
