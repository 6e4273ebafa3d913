import { reason } from '@baton/dsl';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { EffectHandlers, type EffectOf, type EventRef } from '../effects/effect-handlers.service';
import { EventNotAccepted, InstanceFinished } from '../instances/instance.errors';
import { InstancesService } from '../instances/instances.service';
import { PeopleRepository } from '../org/people.repository';
import { TasksService } from './tasks.service';

/**
 * The tasks domain's effects: tasks opened, settled and transferred (one
 * bulk write per event), then the hand-over rules of the organisation:
 * a task opened for someone who left moves on to their manager, one for
 * someone out of office to their delegate, and an escalation moves open
 * tasks to each holder's manager.
 */
@Injectable()
export class TaskEffects implements OnModuleInit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly handlers: EffectHandlers,
    private readonly tasks: TasksService,
    private readonly instances: InstancesService,
    private readonly people: PeopleRepository,
  ) {}

  onModuleInit(): void {
    this.handlers.on(['closeTasks', 'createTasks', 'transferTask', 'escalate'], 'tasks', async (effects, event) => {
      await this.tasks.perform(effects.filter((e): e is Exclude<typeof e, { type: 'escalate' }> => e.type !== 'escalate'), event);
      const opened = effects.filter((e): e is EffectOf<'createTasks'> => e.type === 'createTasks');
      if (opened.length > 0) await this.passOnFromAbsent(event, opened);
      for (const e of effects) if (e.type === 'escalate') await this.escalate(event, e);
    });
  }

  /** People who left are never asked; people out of office are asked through their delegate. */
  private async passOnFromAbsent(event: EventRef, opened: Array<EffectOf<'createTasks'>>): Promise<void> {
    const now = this.clock.now();
    const holders = await (await this.people.lookup(event.tenantId, event.shared, event.people)).many(opened.flatMap((e) => e.assignees));
    for (const effect of opened) {
      for (const user of holders.filter((h) => effect.assignees.includes(h.id))) {
        const away = user.delegation && new Date(user.delegation.from) <= now && now <= new Date(user.delegation.until) ? user.delegation.to : null;
        const to = !user.active ? user.managerId : away;
        if (to) await this.transfer(event, effect.node, effect.visit, user.id, to, user.active ? `delegated to ${to} (out of office)` : `transferred to ${to}`, reason(user.active ? 'delegated' : 'leftOrganisation', { from: user.id, to }));
      }
    }
  }

  /** Deadline passed: each open task moves to its holder's manager. */
  private async escalate(event: EventRef, effect: EffectOf<'escalate'>): Promise<void> {
    const holders = await this.people.many(event.tenantId, effect.from);
    for (const holder of holders) {
      const manager = holder.managerId ? await this.people.find(event.tenantId, holder.managerId, { activeOnly: true }) : null;
      if (manager) await this.transfer(event, effect.node, effect.visit, holder.id, manager.id, `escalated to ${manager.id}`, reason('escalatedTo', { from: holder.id, to: manager.id }));
    }
  }

  private async transfer(event: EventRef, node: string, visit: number, from: string, to: string, outcome: string, why: ReturnType<typeof reason>): Promise<void> {
    try {
      await this.instances.applyEvent({ tenantId: event.tenantId, id: 'system' }, event.instanceId,
        { type: 'transfer', node, visit, from, to, by: 'system' }, { node, outcome, reason: why });
    } catch (error) {
      // a repeat of this job, or the request moved on meanwhile: nothing left to hand over
      if (!(error instanceof EventNotAccepted || error instanceof InstanceFinished)) throw error;
    }
  }
}
