import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Page, Reply, ValidBody, ValidParams, ValidQuery } from '../api/contract';
import { History, Commented, Instance, InstanceSummary, Replay, Urged } from './instances.dto';
import { Actor, type Identity } from '../auth/identity';
import { InstancesService } from './instances.service';
import { nameId } from '../api/shaped-text';

const InstanceParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'instance id (UUID)' }) });
const StartBody = Type.Object({
  definitionId: nameId(),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'a published version; the latest when absent' })),
  form: Type.Object({}, { additionalProperties: true, description: 'the form data, checked against the version\'s form' }),
  chosen: Type.Optional(Type.Record(nameId(), Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20, uniqueItems: true }), {
    description: 'approvers the initiator picks, by approval node id (nodes with a "chosen" assignee)',
  })),
}, { additionalProperties: false });
const ListQuery = Type.Object({
  definitionId: Type.Optional(nameId()),
  status: Type.Optional(Type.Union(['running', 'returned', 'completed', 'rejected', 'withdrawn', 'failed'].map((s) => Type.Literal(s)))),
  mine: Type.Optional(Type.Boolean()),
  copied: Type.Optional(Type.Boolean({ description: 'only requests copied to me' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });
const WithdrawBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
const CommentBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000, description: 'use @userId to notify someone' }) }, { additionalProperties: false });
const ResubmitBody = Type.Object({
  form: Type.Object({}, { additionalProperties: true, description: 'the edited form, checked against the version\'s form' }),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
}, { additionalProperties: false });

@ApiTags('instances')
@ApiBearerAuth()
@Controller('api/v1/instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Post()
  @ApiOperation({ summary: 'Submit a request: start an instance of a published definition' })
  @Reply(Instance, { errors: [404, 422] })
  start(@Actor() actor: Identity, @ValidBody(StartBody) b: Static<typeof StartBody>) {
    return this.instances.start(actor, b.definitionId, b.form, b.version, b.chosen);
  }

  @Get()
  @ApiOperation({ summary: 'List instances with filters and pagination' })
  @Reply(Page(InstanceSummary))
  list(@Actor() actor: Identity, @ValidQuery(ListQuery) q: Static<typeof ListQuery>) {
    return this.instances.list(actor, q);
  }

  @Get(':id')
  @Reply(Instance)
  get(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>) {
    return this.instances.get(actor, p.id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the instance with actor, time and the nodes before and after' })
  @Reply(History)
  history(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>) {
    return this.instances.history(actor, p.id);
  }

  @Get(':id/replay')
  @ApiOperation({ summary: 'Step through the request: its recorded events applied again to its version, each step with state, form, task holders and the deciding rules' })
  @Reply(Replay, { errors: [409] })
  replay(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>) {
    return this.instances.replay(actor, p.id);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a request; @userId notifies that person' })
  @Reply(Commented, { errors: [403, 409] })
  comment(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>, @ValidBody(CommentBody) b: Static<typeof CommentBody>) {
    return this.instances.comment(actor, p.id, b.text);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remind the people holding my request\'s open tasks (each task at most once per 10 minutes; 429 otherwise)' })
  @Reply(Urged, { errors: [403, 409] })
  urge(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>) {
    return this.instances.urge(actor, p.id);
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Edit and resubmit my returned request; it goes back to the node that returned it' })
  @Reply(Instance, { errors: [403, 409] })
  resubmit(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>, @ValidBody(ResubmitBody) b: Static<typeof ResubmitBody>) {
    return this.instances.resubmit(actor, p.id, b.form, b.comment);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw my running request' })
  @Reply(Instance, { errors: [403, 409] })
  withdraw(@Actor() actor: Identity, @ValidParams(InstanceParams) p: Static<typeof InstanceParams>, @ValidBody(WithdrawBody) b: Static<typeof WithdrawBody>) {
    return this.instances.withdraw(actor, p.id, b.comment);
  }
}
