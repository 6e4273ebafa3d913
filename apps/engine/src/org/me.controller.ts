import { Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Reply, ValidBody } from '../api/contract';
import { DelegationReply, User } from './org.dto';
import { Actor, type Identity } from '../auth/identity';
import { OrgService } from './org.service';

const DelegationBody = Type.Object({
  to: Type.String({ minLength: 1, maxLength: 64, description: 'who takes my tasks while I am away' }),
  from: Type.String({ format: 'date-time' }),
  until: Type.String({ format: 'date-time' }),
}, { additionalProperties: false });

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly org: OrgService) {}

  @Get()
  @Reply(User, { errors: [404] })
  me(@Actor() actor: Identity) {
    return this.org.getUser(actor, actor.userId);
  }

  @Put('delegation')
  @ApiOperation({ summary: 'Out of office: tasks opened for me between from and until go to someone else' })
  @Reply(DelegationReply)
  delegate(@Actor() actor: Identity, @ValidBody(DelegationBody) b: Static<typeof DelegationBody>) {
    return this.org.setDelegation(actor, b.to, new Date(b.from), new Date(b.until));
  }

  @Delete('delegation')
  @HttpCode(204)
  @Reply(undefined, { errors: [400] })
  async back(@Actor() actor: Identity) {
    await this.org.setDelegation(actor, null);
  }
}
