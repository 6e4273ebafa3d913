import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { completeContract, type RouteOwner } from './api/contract';
import { methodNotAllowed } from './api/method-not-allowed';
import { ProblemFilter, sendProblem } from './api/problem.filter';
import { AppModule } from './app.module';
import type { Clock } from './clock/clock';
import { DomainError } from './api/domain-error';
import { refuseDeepJson } from './api/json-depth';
import { credentialOf } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { trustProxy, type Config } from './config/config';
import { EngineMetrics } from './operations/engine-metrics.service';
import { httpMetrics } from './operations/http-metrics';
import { BOARD_PATH, QueueBoard } from './operations/queue-board';

/**
 * What the designer (served from /) and Swagger UI (/docs) need, nothing
 * more: scripts from this origin only, never inline ones; 'unsafe-eval'
 * because the designer runs the same core as the engine, and Ajv and
 * json-logic-engine compile schemas and rules into functions at run time;
 * inline styles because Ant Design writes its CSS at run time; images from
 * data: and blob: (watermarks, attachment previews).
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  // served over plain HTTP on localhost in development and tests
  upgradeInsecureRequests: null,
};

/** Builds the engine's HTTP application; main.ts and the tests share it (tests may bring a clock they move). */
export async function createApp(config: Config, clock?: Clock): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.with(config, clock), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const logger = new NestLogger('http');
  // first, so every answer is timed, also those given before Nest routes the request
  app.use(httpMetrics(app.get(EngineMetrics)));
  app.set('trust proxy', trustProxy(config));
  app.disable('x-powered-by');
  // the queue board (super admins, its own session) brings its own page and scripts: before the designer's policy
  app.use(BOARD_PATH, app.get(QueueBoard).handler);
  app.use(helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }));
  // an existing path asked with a method it does not have: 405 with Allow, before any body is read
  const express5 = app.getHttpAdapter().getInstance() as unknown as { router?: { stack: [] } };
  app.use(methodNotAllowed(() => express5.router, (res, error) => sendProblem(res, error, logger)));
  // files arrive raw on their own route, with their own size limit, and are
  // read only once the caller is known: a stranger's 10 MB is never buffered
  const auth = app.get(AuthService);
  app.use('/api/v1/attachments', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const credential = credentialOf(req);
    const known = credential ? auth.identify(credential, req.ip ?? null) : Promise.reject(new DomainError('unauthenticated', 'sign in: send "Authorization: Bearer <token or API key>"'));
    known.then(() => next(), (error: unknown) => {
      res.setHeader('Connection', 'close');
      sendProblem(res, error, logger);
    });
  }, express.raw({ type: () => true, limit: config.ATTACHMENT_MAX_BYTES }));
  app.use(express.json({ limit: config.BODY_LIMIT, strict: false, verify: (_req, _res, raw) => refuseDeepJson(raw) }));
  // body-parser errors (bad JSON, too large) happen before Nest routes the request
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => (error ? sendProblem(res, error, logger) : next()));
  app.useGlobalFilters(new ProblemFilter());
  const document = completeContract(SwaggerModule.createDocument(app, new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Baton API')
    .setDescription('Workflow and approval engine. Every error is the Problem schema: { statusCode, error, message, problems: [{ pointer, message }] }, each problem naming the field (a JSON pointer) and the reason.')
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build()), controllersOf(app));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

/** Every controller class of the application, for the contract its handlers recorded. */
function controllersOf(app: INestApplication): RouteOwner[] {
  return [...app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()].map((wrapper) => wrapper.metatype as unknown as RouteOwner));
}
