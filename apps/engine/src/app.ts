import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { ProblemFilter, sendProblem } from './api/problem.filter';
import { AppModule } from './app.module';
import type { Config } from './config/config';
import { EngineMetrics } from './operations/engine.metrics';
import { httpMetrics } from './operations/http-metrics';
import { BOARD_PATH, QueueBoard } from './operations/queue-board';

/** Builds the engine's HTTP application; main.ts and the tests share it. */
export async function createApp(config: Config): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const logger = new NestLogger('http');
  // first, so every answer is timed, also those given before Nest routes the request
  app.use(httpMetrics(app.get(EngineMetrics)));
  app.use(BOARD_PATH, app.get(QueueBoard).handler);
  // files arrive raw on their own route, with their own size limit
  app.use('/api/v1/attachments', express.raw({ type: () => true, limit: config.ATTACHMENT_MAX_BYTES }));
  app.use(express.json({ limit: config.BODY_LIMIT, strict: false }));
  // body-parser errors (bad JSON, too large) happen before Nest routes the request
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => (error ? sendProblem(res, error, logger) : next()));
  app.useGlobalFilters(new ProblemFilter());
  const document = SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Baton API')
    .setDescription('Workflow and approval engine. Errors are { statusCode, error, message, problems: [{ pointer, message }] }.')
    .setVersion('1')
    .addBearerAuth()
    .build());
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}
