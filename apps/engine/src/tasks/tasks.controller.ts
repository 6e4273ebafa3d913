import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { body, openapi, params, query } from '../api/schema.pipe';
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
  inbox(@Actor() actor: Identity, @Query(query(InboxQuery)) q: Static<typeof InboxQuery>) {
    return this.tasks.inbox(actor, q as never);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task with the form as this step shows it (hidden fields absent) and the field permissions' })
  detail(@Actor() actor: Identity, @Param(params(TaskParams)) p: Static<typeof TaskParams>) {
    return this.tasks.detail(actor, p.id);
  }

  @Post('bulk-approve')
  @Heavy()
  @HttpCode(202)
  @ApiBody({ schema: openapi(BulkApproveBody) })
  @ApiOperation({ summary: 'Approve many of my tasks in the background; answers at once with a job id (GET /api/v1/jobs/:id for progress)' })
  bulkApprove(@Actor() actor: Identity, @Body(body(BulkApproveBody)) b: Static<typeof BulkApproveBody>) {
    return this.jobs.submit(actor, 'bulk-approve', { taskIds: b.taskIds, ...(b.comment ? { comment: b.comment } : {}) }, b.taskIds.length);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiBody({ schema: openapi(DecisionBody) })
  @ApiOperation({ summary: 'Approve; 409 when the task was already decided' })
  approve(@Actor() actor: Identity, @Param(params(TaskParams)) p: Static<typeof TaskParams>, @Body(body(DecisionBody)) b: Static<typeof DecisionBody>) {
    return this.tasks.decide(actor, p.id, 'approved', b.comment, b.changes, b.signature);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @ApiBody({ schema: openapi(TransferBody) })
  @ApiOperation({ summary: 'Hand my task to another person; 400 naming /body/to for an unknown or deactivated user' })
  transfer(@Actor() actor: Identity, @Param(params(TaskParams)) p: Static<typeof TaskParams>, @Body(body(TransferBody)) b: Static<typeof TransferBody>) {
    return this.tasks.transferTo(actor, p.id, b.to, b.comment);
  }

  @Post(':id/add-signer')
  @HttpCode(200)
  @ApiBody({ schema: openapi(SignerBody) })
  @ApiOperation({ summary: 'Ask someone else to sign too: before me, after me, or in parallel with me' })
  addSigner(@Actor() actor: Identity, @Param(params(TaskParams)) p: Static<typeof TaskParams>, @Body(body(SignerBody)) b: Static<typeof SignerBody>) {
    return this.tasks.addSigner(actor, p.id, b.who, b.position);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiBody({ schema: openapi(ReturnBody) })
  @ApiOperation({ summary: 'Send the request back: to the previous node, to the initiator, or to any earlier node' })
  sendBack(@Actor() actor: Identity, @Param(params(TaskParams)) p: Static<typeof TaskParams>, @Body(body(ReturnBody)) b: Static<typeof ReturnBody>) {
    return this.tasks.sendBack(actor, p.id, b.to, b.comment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiBody({ schema: openapi(DecisionBody) })
  @ApiOperation({ summary: 'Reject with a comment; 409 when the task was already decided' })
  reject(@Actor() actor: Identity, @Param(params(TaskParams)) p: Static<typeof TaskParams>, @Body(body(DecisionBody)) b: Static<typeof DecisionBody>) {
    return this.tasks.decide(actor, p.id, 'rejected', b.comment, b.changes);
  }
}
