import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Type } from '@sinclair/typebox';
import { Reply } from '../api/contract';
import { Actor, Roles, type Identity } from '../auth/identity';
import { BOARD_PATH, QueueBoard } from './queue-board';

const BoardSession = Type.Object({ url: Type.String(), expiresIn: Type.Integer({ description: 'seconds' }) }, { additionalProperties: false });

@ApiTags('operations')
@Controller('api/v1/admin/queues')
export class QueueBoardController {
  constructor(private readonly board: QueueBoard) {}

  @Post('session')
  @Roles('superAdmin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: `Opens a 15-minute session cookie for the queue board at ${BOARD_PATH} (super admins)` })
  @Reply(BoardSession)
  async session(@Actor() actor: Identity, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { cookie, expiresIn } = await this.board.openSession(actor, req.secure);
    res.setHeader('Set-Cookie', cookie);
    return { url: BOARD_PATH, expiresIn };
  }
}
