import type { Response } from 'express';
import mongoose, { Schema } from 'mongoose';
import { DomainError, InvalidInput, RateLimited } from './domain-error';
import { sendProblem } from './problem.filter';

/** A response that records what the filter answered. */
function recorder() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = {
    status(code: number) { sent.status = code; return res; },
    json(body: unknown) { sent.body = body; return res; },
    setHeader(name: string, value: string) { sent.headers[name] = value; },
  };
  return { res: res as unknown as Response, sent };
}

const quiet = { error: () => undefined };

describe('the problem filter', () => {
  it('answers domain errors with their status, message and problems', () => {
    const { res, sent } = recorder();
    sendProblem(res, new InvalidInput([{ pointer: '/body/x', message: 'is required' }]), quiet);
    expect(sent).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', problems: [{ pointer: '/body/x', message: 'is required' }] } });
  });

  it('adds Retry-After to a rate limit', () => {
    const { res, sent } = recorder();
    sendProblem(res, new RateLimited('slow down', 42), quiet);
    expect(sent.status).toBe(429);
    expect(sent.headers['Retry-After']).toBe('42');
  });

  it('answers a passing database trouble with 503 and Retry-After, not 500', () => {
    const busy = Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
    const { res, sent } = recorder();
    sendProblem(res, busy, quiet);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('1');
  });

  it('answers anything unexpected with 500 and no internals', () => {
    const { res, sent } = recorder();
    sendProblem(res, new Error('secret stack detail'), quiet);
    expect(sent).toMatchObject({ status: 500, body: { message: 'internal error', problems: [] } });
    expect(JSON.stringify(sent.body)).not.toContain('secret');
  });

  it('maps every kind of domain error', () => {
    const kinds = { forbidden: 403, 'not-found': 404, conflict: 409, unprocessable: 422 } as const;
    for (const [kind, status] of Object.entries(kinds)) {
      const { res, sent } = recorder();
      sendProblem(res, new DomainError(kind as keyof typeof kinds, 'x'), quiet);
      expect(sent.status).toBe(status);
    }
  });

  it('answers what the database schema refused (mongoose validation and cast errors) with 400 naming the field', () => {
    const model = model_();
    const invalid = new model({ kind: '' }).validateSync()!;
    const cast = new model({ kind: 'approval', at: 'not-a-date' }).validateSync()!.errors.at!;
    for (const [error, pointer] of [[invalid, '/kind'], [cast, '/at']] as const) {
      const { res, sent } = recorder();
      sendProblem(res, error, quiet);
      expect(sent).toMatchObject({ status: 400, body: { problems: [expect.objectContaining({ pointer })] } });
    }
  });
});

function model_() {
  const schema = new Schema({ kind: { type: String, required: true }, at: Date });
  return mongoose.models.ProblemFilterProbe ?? mongoose.model('ProblemFilterProbe', schema);
}
