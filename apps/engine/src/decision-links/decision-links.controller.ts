import { Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Instant, Reply, ValidBody, ValidParams } from '../api/contract';
import { Public } from '../auth/identity';
import { RateLimits } from '../auth/rate-limits';
import { DecisionLinksService } from './decision-links.service';

const LinkParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[A-Za-z0-9_.-]+$', description: 'the token of a one-tap link' }) });
const UseBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });
const About = {
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), taskId: Type.String(), serial: Type.String(), title: Type.String(), node: Type.String(),
  nodeTitle: Type.String({ description: 'the step as the flow names it, in the version the request runs (its id when the flow gives it no title)' }), assignee: Type.String(),
};
const Preview = Type.Object({
  state: Type.Union(['ready', 'used', 'expired', 'forged', 'closed', 'taskPage'].map((s) => Type.Literal(s)), {
    description: 'ready: the link may decide; used: it (or its pair) decided already; expired; forged: not signed by Baton; closed: the task is no longer open; taskPage: the step needs the task page',
  }),
  ...Object.fromEntries(Object.entries(About).map(([k, v]) => [k, Type.Optional(v)])),
  expiresAt: Type.Optional(Instant),
}, { additionalProperties: false });
const Used = Type.Object({ state: Type.Literal('decided'), ...About }, { additionalProperties: false });

/** The page behind a one-tap link in an e-mail: no sign-in, so each address has a small budget. */
@ApiTags('decision links')
@Controller('api/v1/decision-links')
export class DecisionLinksController {
  constructor(
    private readonly links: DecisionLinksService,
    private readonly limits: RateLimits,
  ) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'What a one-tap link would decide, or why it does nothing (used, expired, forged, closed); changes nothing' })
  @Reply(Preview, { errors: [429] })
  async preview(@ValidParams(LinkParams) p: Static<typeof LinkParams>, @Ip() ip: string) {
    await this.limits.takePublic('decision-links', ip);
    return this.links.preview(p.token);
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide with a one-tap link, with an optional comment: 403 forged, 409 used or no longer open, 410 expired, 422 the step needs the task page' })
  @Reply(Used, { errors: [403, 409, 410, 422, 429] })
  async use(@ValidParams(LinkParams) p: Static<typeof LinkParams>, @ValidBody(UseBody) b: Static<typeof UseBody>, @Ip() ip: string) {
    await this.limits.takePublic('decision-links', ip);
    return this.links.use(p.token, b.comment, ip);
  }
}
