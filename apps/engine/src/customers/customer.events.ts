import { Injectable, Logger } from '@nestjs/common';
import type { CustomerRecord } from './customer.schema';

type Listener = (tenantId: string, customers: CustomerRecord[]) => Promise<void>;

/**
 * "A customer was added", for domains that start work from it (SOP
 * cadences). Listeners run after the write; a failing listener is logged and
 * never undoes the customer.
 */
@Injectable()
export class CustomerEvents {
  private readonly logger = new Logger(CustomerEvents.name);
  private readonly added: Listener[] = [];

  onAdded(listener: Listener): void {
    this.added.push(listener);
  }

  async emitAdded(tenantId: string, customers: CustomerRecord[]): Promise<void> {
    for (const listener of this.added) {
      await listener(tenantId, customers).catch((error) => this.logger.warn(`customer.added listener: ${(error as Error).message}`));
    }
  }
}
