import { Global, Injectable, Module } from '@nestjs/common';

export interface NodeEntered {
  tenantId: string;
  instanceId: string;
  definitionId: string;
  node: string;
  /** how many times the instance has entered this node, this time included */
  visit: number;
  initiator: string;
}

type Listener = (entered: NodeEntered) => Promise<void>;

/**
 * "A workflow reached a node", for domains that start work from it (SOP
 * cadences). Emitted by the effects worker from the instance's outbox, so a
 * listener may see an entry twice after a crash and must be idempotent.
 */
@Injectable()
export class WorkflowEvents {
  private readonly entered: Listener[] = [];

  onNodeEntered(listener: Listener): void {
    this.entered.push(listener);
  }

  async emitNodeEntered(entered: NodeEntered): Promise<void> {
    for (const listener of this.entered) await listener(entered);
  }
}

/** Shared by the effects worker (emits) and the reminders domain (listens), whatever module imports them. */
@Global()
@Module({ providers: [WorkflowEvents], exports: [WorkflowEvents] })
export class WorkflowEventsModule {}
