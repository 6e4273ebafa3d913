import { DomainError } from '../api/domain-error';
import { EngineMetrics } from './engine-metrics.service';

describe('events applied', () => {
  const conflict = (name: string) => Object.assign(new DomainError('conflict', 'x'), { name });

  it('labels each outcome: applied, refused by the state, conflict after lost races, error otherwise', async () => {
    const metrics = new EngineMetrics();
    await metrics.measureEvent('decide', async () => 'ok');
    for (const error of [conflict('EventNotAccepted'), conflict('InstanceFinished'), conflict('ConcurrentUpdate'), new Error('database down')]) {
      await expect(metrics.measureEvent('decide', () => Promise.reject(error))).rejects.toBe(error);
    }
    const text = (await metrics.text()).body;
    expect(text).toContain('baton_events_applied_total{event="decide",outcome="applied"} 1');
    expect(text).toContain('baton_events_applied_total{event="decide",outcome="refused"} 2');
    expect(text).toContain('baton_events_applied_total{event="decide",outcome="conflict"} 1');
    expect(text).toContain('baton_events_applied_total{event="decide",outcome="error"} 1');
  });

  it('counts the commands started inside an event for that event only, not those of work it left running', async () => {
    const metrics = new EngineMetrics();
    metrics.countCommands();
    let later: Promise<void> = Promise.resolve();
    await metrics.measureEvent('decide', async () => {
      metrics.commandStarted('find');
      await Promise.resolve();
      metrics.commandStarted('update');
      metrics.detached(() => metrics.commandStarted('find'));
      later = new Promise<void>((resolve) => setImmediate(() => { metrics.commandStarted('update'); resolve(); }));
    });
    await later;
    metrics.commandStarted('find');
    const text = (await metrics.text()).body;
    expect(text).toContain('baton_db_commands_per_event_sum{event="decide"} 2');
    expect(text).toContain('baton_db_commands_total{command="find"} 3');
    expect(text).toContain('baton_db_commands_total{command="update"} 2');
  });

  it('exports no command metrics unless asked to count commands (METRICS_DB_COMMANDS), and an event still counts as applied', async () => {
    const metrics = new EngineMetrics();
    await metrics.measureEvent('decide', async () => metrics.detached(() => 'ok'));
    const text = (await metrics.text()).body;
    expect(text).toContain('baton_events_applied_total{event="decide",outcome="applied"} 1');
    expect(text).not.toContain('baton_db_commands');
  });
});
