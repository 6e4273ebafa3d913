import { Injectable, Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError, InvalidInput } from '../api/domain-error';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import type { Identity } from '../auth/identity';
import { OrgService, userView } from './org.service';
import { RolesService } from './roles.service';
import { TASK_HANDOVER, type TaskHandover } from './offboarding.ports';
import { USER, type UserRecord } from './org.schema';

/**
 * Deactivates a person: their sessions and keys stop working, their pending
 * tasks move to their manager (or a chosen successor), one audit entry per
 * task; their business role holdings end. What they decided before stays as it was.
 */
@Injectable()
export class OffboardingService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(USER) private readonly users: Model<UserRecord>,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    @Inject(TASK_HANDOVER) private readonly tasks: TaskHandover,
    private readonly audit: AuditService,
    private readonly roles: RolesService,
  ) {}

  async offboard(actor: Identity, userId: string, successorId?: string) {
    const user = await this.org.findUser(actor.tenantId, userId);
    await this.org.mustAdministerUser(actor, user);
    if (!user.active) throw new DomainError('conflict', `user "${userId}" is already deactivated`);
    const heirId = successorId ?? user.managerId;
    if (!heirId) throw new InvalidInput([{ pointer: '/body/successorId', message: `"${userId}" has no manager; name a successor for their tasks` }]);
    const heir = await this.org.findUser(actor.tenantId, heirId, '/body/successorId');
    if (!heir.active || heir.id === user.id) throw new InvalidInput([{ pointer: '/body/successorId', message: `"${heirId}" cannot take over: ${heir.id === user.id ? 'it is the same person' : 'deactivated'}` }]);

    await this.users.updateOne({ tenantId: actor.tenantId, id: userId }, { $set: { active: false, deactivatedAt: this.clock.now() } });
    const revoked = await this.auth.revokeEverythingOf(actor.tenantId, userId);
    await this.audit.record(actor, 'user.offboarded', { type: 'user', id: userId }, userView(user), { active: false, successor: heir.id, revoked });
    // whoever leaves holds no business role: new tasks of their roles go to the other holders
    const rolesRemoved = await this.roles.removeHoldingsOf(actor, userId);

    const moved: Array<{ taskId: string; instanceId: string; to: string }> = [];
    for (const task of await this.tasks.pendingOf(actor.tenantId, userId)) {
      // the task was decided or withdrawn meanwhile: nothing to move
      if (!(await this.tasks.handOver(actor, task, userId, heir.id, `offboarding ${userId}`))) continue;
      moved.push({ taskId: task._id, instanceId: task.instanceId, to: heir.id });
      await this.audit.record(actor, 'task.transferred', { type: 'task', id: task._id }, { assignee: userId }, { assignee: heir.id }, `offboard:${task._id}`);
    }
    return { user: userView({ ...user, active: false }), successor: heir.id, moved, revoked, rolesRemoved };
  }
}
