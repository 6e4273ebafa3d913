import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Instant, Nullable, Page, Reply, ValidBody, ValidParams, ValidQuery } from '../api/contract';
import { Instance } from '../instances/instances.dto';
import { Job } from '../jobs/jobs.dto';
import { Actor, type Identity } from '../auth/identity';
import { TasksService } from './tasks.service';
import { Heavy } from '../auth/rate-limits';
import { JobsService } from '../jobs/jobs.service';

const TaskParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Za-z0-9._-]+$' }) });
const InboxQuery = Type.Object({
  status: Type.Union(['pending', 'waiting', 'approved', 'rejected', 'cancelled', 'transferred', 'returned'].map((s) => Type.Literal(s)), { default: 'pending' }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
const DecisionBody = Type.Object({
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
  changes: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'edits to form fields this step marks editable' })),
  signature: Type.Optional(Type.String({ maxLength: 300_000, description: 'a drawn signature, data:image/png;base64,... (steps that require one)' })),
}, { additionalProperties: false });
const BulkApproveBody = Type.Object({
  taskIds: Type.Array(Type.String({ minLength: 1, maxLength: 300, pattern: '^[A-Za-z0-9._-]+$' }), { minItems: 1, maxItems: 1000, uniqueItems: true }),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
}, { additionalProperties: false });
const TransferBody = Type.Object({
  to: Type.String({ minLength: 1, maxLength: 64, description: 'the user who takes the task over' }),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
}, { additionalProperties: false });
const SignerBody = Type.Object({
  who: Type.String({ minLength: 1, maxLength: 64, description: 'the person who must also sign' }),
  position: Type.Union([Type.Literal('before'), Type.Literal('after'), Type.Literal('parallel')], {
    description: 'before: they sign first and you decide after them; after: you approve now and they sign next; parallel (并加签): they sign now, beside you, and both of you must approve',
  }),
}, { additionalProperties: false });
const ReturnBody = Type.Object({
  to: Type.String({ minLength: 1, maxLength: 64, description: '"previous" (the approval node before), "initiator" (to edit and resubmit), or an earlier node id' }),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
}, { additionalProperties: false });

// what the task routes answer
const TaskFields = {
  id: Type.String(), instanceId: Type.String(), definitionId: Type.String(), node: Type.String(), title: Type.String(),
  status: Type.String(), assignee: Type.String(), decidedBy: Nullable(Type.String()), createdAt: Instant, updatedAt: Instant,
};
const Task = Type.Object(TaskFields, { additionalProperties: false });
const TaskDetail = Type.Object({ task: Task, instance: Instance, fields: Type.Record(Type.String(), Type.String(), { description: 'field → editable, readonly or hidden' }) }, { additionalProperties: false });
const Decided = Type.Object({ task: Task, instance: Instance }, { additionalProperties: false });
const SignerAdded = Type.Object({ task: Task, instance: Type.Object({ id: Type.String(), status: Type.String(), at: Type.Array(Type.String()) }, { additionalProperties: false }) }, { additionalProperties: false });

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly jobs: JobsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My tasks (the inbox), pending by default' })
  @Reply(Page(Task))
  inbox(@Actor() actor: Identity, @ValidQuery(InboxQuery) q: Static<typeof InboxQuery>) {
    return this.tasks.inbox(actor, q as never);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task with the form as this step shows it (hidden fields absent) and the field permissions' })
  @Reply(TaskDetail, { errors: [403] })
  detail(@Actor() actor: Identity, @ValidParams(TaskParams) p: Static<typeof TaskParams>) {
    return this.tasks.detail(actor, p.id);
  }

  @Post('bulk-approve')
  @Heavy()
  @HttpCode(202)
  @ApiOperation({ summary: 'Approve many of my tasks in the background; answers at once with a job id (GET /api/v1/jobs/:id for progress)' })
  @Reply(Job)
  bulkApprove(@Actor() actor: Identity, @ValidBody(BulkApproveBody) b: Static<typeof BulkApproveBody>) {
    return this.jobs.submit(actor, 'bulk-approve', { taskIds: b.taskIds, ...(b.comment ? { comment: b.comment } : {}) }, b.taskIds.length);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve; 409 when the task was already decided' })
  @Reply(Decided, { errors: [403, 409] })
  approve(@Actor() actor: Identity, @ValidParams(TaskParams) p: Static<typeof TaskParams>, @ValidBody(DecisionBody) b: Static<typeof DecisionBody>) {
    return this.tasks.decide(actor, p.id, 'approved', b.comment, b.changes, b.signature);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand my task to another person; 400 naming /body/to for an unknown or deactivated user' })
  @Reply(Decided, { errors: [403, 409] })
  transfer(@Actor() actor: Identity, @ValidParams(TaskParams) p: Static<typeof TaskParams>, @ValidBody(TransferBody) b: Static<typeof TransferBody>) {
    return this.tasks.transferTo(actor, p.id, b.to, b.comment);
  }

  @Post(':id/add-signer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask someone else to sign too: before me, after me, or in parallel with me' })
  @Reply(SignerAdded, { errors: [403, 409] })
  addSigner(@Actor() actor: Identity, @ValidParams(TaskParams) p: Static<typeof TaskParams>, @ValidBody(SignerBody) b: Static<typeof SignerBody>) {
    return this.tasks.addSigner(actor, p.id, b.who, b.position);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the request back: to the previous node, to the initiator, or to any earlier node' })
  @Reply(Decided, { errors: [403, 409] })
  sendBack(@Actor() actor: Identity, @ValidParams(TaskParams) p: Static<typeof TaskParams>, @ValidBody(ReturnBody) b: Static<typeof ReturnBody>) {
    return this.tasks.sendBack(actor, p.id, b.to, b.comment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a comment; 409 when the task was already decided' })
  @Reply(Decided, { errors: [403, 409] })
  reject(@Actor() actor: Identity, @ValidParams(TaskParams) p: Static<typeof TaskParams>, @ValidBody(DecisionBody) b: Static<typeof DecisionBody>) {
    return this.tasks.decide(actor, p.id, 'rejected', b.comment, b.changes);
  }
}
